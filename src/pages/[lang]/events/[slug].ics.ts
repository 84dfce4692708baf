import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { eventCalendar } from '#features/feeds/calendars.ts';
import { calendarResponse } from '#features/feeds/response.ts';
import { FEED_CACHE_CONTROL } from '#features/feeds/schema.ts';
import { siteContext } from '#features/site/context.ts';

/** "Add to my calendar": one event as an .ics file, in the page's language. */
export const GET: APIRoute = async ({ request, params, locals, rewrite }) => {
  const { db, hub, lang } = await siteContext(locals.lang);
  const calendar = await eventCalendar(db, hub, params.slug ?? '', { lang, publicUrl: getConfig().publicUrl });
  if (!calendar) return rewrite('/404');
  return calendarResponse(request, calendar, { cacheControl: FEED_CACHE_CONTROL, filename: `${params.slug}.ics` });
};
