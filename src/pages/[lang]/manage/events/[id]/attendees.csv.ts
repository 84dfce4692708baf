import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { attendeesCsv } from '../../../../../features/attendees/csv.ts';
import { listAttendees, questionLabels } from '../../../../../features/attendees/queries.ts';
import { eventPageAccess } from '../../../../../features/manage/page-access.ts';
import { isLang } from '../../../../../i18n/languages.ts';
import { pick } from '../../../../../i18n/translate.ts';

// The same CSV as the API, for a leader signed in on the site.
export const GET: APIRoute = async ({ params, locals, redirect }) => {
  const db = await getDb();
  const lang = isLang(params.lang) ? params.lang : 'fi';
  const access = await eventPageAccess(db, locals.actor, params.id, 'attendees:read');
  if (access.kind === 'login') return redirect(`/${lang}/login`, 303);
  if (access.kind === 'not-found') return new Response('Not found', { status: 404 });
  if (access.kind === 'forbidden') return new Response('Forbidden', { status: 403 });
  const questions = (await questionLabels(db, access.event.id)).map((q) => ({ id: q.id, label: pick(q.label, lang).text }));
  return new Response(attendeesCsv(await listAttendees(db, access.event.id), questions), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${access.event.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
