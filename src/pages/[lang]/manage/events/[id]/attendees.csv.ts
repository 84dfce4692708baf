import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { exportAttendeesCsv } from '#features/attendees/export.ts';
import { eventPageAccess } from '#features/manage/page-access.ts';
import { isLang } from '#i18n/languages.ts';

// The same CSV as the API, for a leader signed in on the site.
export const GET: APIRoute = async ({ params, locals, redirect }) => {
  const db = await getDb();
  const lang = isLang(params.lang) ? params.lang : 'fi';
  const access = await eventPageAccess(db, locals.actor, params.id, 'attendees:read');
  if (access.kind === 'login') return redirect(`/${lang}/login`, 303);
  if (access.kind === 'not-found') return new Response('Not found', { status: 404 });
  if (access.kind === 'forbidden') return new Response('Forbidden', { status: 403 });
  const exported = await exportAttendeesCsv(db, locals.actor, { eventId: access.event.id, lang, via: 'page' });
  if (exported.kind !== 'csv')
    return new Response(exported.kind === 'forbidden' ? 'Forbidden' : 'Not found', { status: exported.kind === 'forbidden' ? 403 : 404 });
  return new Response(exported.csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exported.slug}-attendees.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
