import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { attendeesCsv } from '../../../../../features/attendees/csv.ts';
import { listAttendees, questionLabels } from '../../../../../features/attendees/queries.ts';
import { requireEventAccess } from '../../../../../features/http/api-auth.ts';
import { pick } from '../../../../../i18n/translate.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const access = await requireEventAccess(db, request, params.id, 'attendees:read');
  if (!access.ok) return access.response;
  const questions = (await questionLabels(db, access.event.id)).map((q) => ({ id: q.id, label: pick(q.label, 'fi').text }));
  return new Response(attendeesCsv(await listAttendees(db, access.event.id), questions), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${access.event.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
