import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { forbidden, requireApiUser } from '#features/http/api-auth.ts';
import { apiError, json, UUID } from '#features/http/json.ts';

export const POST: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  if (!UUID.test(params.id ?? '')) return apiError(404, 'not-found', 'No such event.');
  const outcome = await cancelEvent(db, auth.actor, params.id!);
  if (outcome.kind === 'not-found') return apiError(404, 'not-found', 'No such event.');
  if (outcome.kind === 'forbidden') return forbidden();
  return json(200, { status: 'cancelled', notified: outcome.kind === 'cancelled' ? outcome.notified : 0 });
};
