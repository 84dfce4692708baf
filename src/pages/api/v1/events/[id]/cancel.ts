import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { cancelEvent } from '../../../../../features/events/changes.ts';
import { requireEventAccess } from '../../../../../features/http/api-auth.ts';
import { json } from '../../../../../features/http/json.ts';

export const POST: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const access = await requireEventAccess(db, request, params.id, 'event:cancel');
  if (!access.ok) return access.response;
  const outcome = await cancelEvent(db, access.event.id, { userId: access.user.id });
  return json(200, { status: 'cancelled', notified: outcome.kind === 'cancelled' ? outcome.notified : 0 });
};
