import type { APIRoute } from 'astro';
import { csvCell } from '#features/attendees/csv.ts';
import { reportFromQuery } from '#features/figures/report-page.ts';
import { tableCsv } from '#features/figures/tables.ts';
import { siteContext } from '#features/site/context.ts';
import { isLang } from '#i18n/languages.ts';

// One table of the report as CSV: the same headers and cells as the page shows (decision 024).
export const GET: APIRoute = async ({ params, locals, url, redirect }) => {
  const lang = isLang(params.lang) ? params.lang : 'fi';
  const { db, hub, t, timeZone, now } = await siteContext(lang);
  const page = await reportFromQuery(db, locals.actor, { hubId: hub.id, timeZone, now, params: url.searchParams, lang, t });
  if (page.kind === 'login') return redirect(`/${lang}/login`, 303);
  if (page.kind === 'forbidden') return new Response('Forbidden', { status: 403 });
  if (page.kind === 'invalid')
    return new Response(t('reports.invalidRange'), { status: 422, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const table = page.tables.find((x) => x.key === params.table);
  if (!table) return new Response('Not found', { status: 404 });
  return new Response(tableCsv(table, csvCell), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${table.key}-${page.from}-${page.to}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
