import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { eventAccess } from '../../../../../features/attendees/access.ts';
import { listAttendees } from '../../../../../features/attendees/queries.ts';
import { forbidden, requireApiUser } from '../../../../../features/http/api-auth.ts';
import { apiError, json, UUID } from '../../../../../features/http/json.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  if (!UUID.test(params.id ?? '')) return apiError(404, 'not-found', 'No such event.');
  const access = await eventAccess(db, auth.user, params.id!, 'attendees:read');
  if (access.kind === 'not-found') return apiError(404, 'not-found', 'No such event.');
  if (access.kind === 'forbidden') return forbidden();
  return json(200, { eventId: access.event.id, capacity: access.event.capacity, attendees: await listAttendees(db, access.event.id) });
};
