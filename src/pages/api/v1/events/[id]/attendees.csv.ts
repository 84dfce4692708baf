import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { eventAccess } from '../../../../../features/attendees/access.ts';
import { attendeesCsv } from '../../../../../features/attendees/csv.ts';
import { listAttendees, questionLabels } from '../../../../../features/attendees/queries.ts';
import { forbidden, requireApiUser } from '../../../../../features/http/api-auth.ts';
import { apiError, UUID } from '../../../../../features/http/json.ts';
import { pick } from '../../../../../i18n/translate.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  if (!UUID.test(params.id ?? '')) return apiError(404, 'not-found', 'No such event.');
  const access = await eventAccess(db, auth.user, params.id!, 'attendees:read');
  if (access.kind === 'not-found') return apiError(404, 'not-found', 'No such event.');
  if (access.kind === 'forbidden') return forbidden();
  const questions = (await questionLabels(db, access.event.id)).map((q) => ({ id: q.id, label: pick(q.label, 'fi').text }));
  return new Response(attendeesCsv(await listAttendees(db, access.event.id), questions), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${access.event.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
