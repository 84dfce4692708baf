import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { exportAttendeesCsv } from '#features/attendees/export.ts';
import { requireEventAccess } from '#features/http/api-auth.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const access = await requireEventAccess(db, request, params.id, 'attendees:read');
  if (!access.ok) return access.response;
  const csv = await exportAttendeesCsv(db, { eventId: access.event.id, userId: access.user.id, lang: 'fi', via: 'api' });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${access.event.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
