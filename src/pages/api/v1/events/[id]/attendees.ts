import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { listAttendees } from '#features/attendees/queries.ts';
import { requireEventAccess } from '#features/http/api-auth.ts';
import { json } from '#features/http/json.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const access = await requireEventAccess(db, request, params.id, 'attendees:read');
  if (!access.ok) return access.response;
  return json(200, { eventId: access.event.id, capacity: access.event.capacity, attendees: await listAttendees(db, access.event.id) });
};
