import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { exportAttendeesCsv } from '#features/attendees/export.ts';
import { requireEventAccess } from '#features/http/api-auth.ts';
import { apiError } from '#features/http/json.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const access = await requireEventAccess(db, request, params.id, 'attendees:read');
  if (!access.ok) return access.response;
  const exported = await exportAttendeesCsv(db, access.actor, { eventId: access.event.id, lang: 'fi', via: 'api' });
  if (exported.kind !== 'csv')
    return apiError(
      exported.kind === 'forbidden' ? 403 : 404,
      exported.kind,
      exported.kind === 'forbidden' ? 'Not allowed.' : 'No such event.',
    );
  return new Response(exported.csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exported.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
