import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { eventAccess } from '../../../../../features/attendees/access.ts';
import { cancelEvent } from '../../../../../features/events/changes.ts';
import { forbidden, requireApiUser } from '../../../../../features/http/api-auth.ts';
import { apiError, json, UUID } from '../../../../../features/http/json.ts';

export const POST: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  if (!UUID.test(params.id ?? '')) return apiError(404, 'not-found', 'No such event.');
  const access = await eventAccess(db, auth.user, params.id!, 'event:cancel');
  if (access.kind === 'not-found') return apiError(404, 'not-found', 'No such event.');
  if (access.kind === 'forbidden') return forbidden();
  const outcome = await cancelEvent(db, access.event.id, { userId: auth.user.id });
  return json(200, { status: 'cancelled', notified: outcome.kind === 'cancelled' ? outcome.notified : 0 });
};
