import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { publicCalendar } from '#features/feeds/calendars.ts';
import { calendarResponse } from '#features/feeds/response.ts';
import { FEED_CACHE_CONTROL } from '#features/feeds/schema.ts';
import { siteContext } from '#features/site/context.ts';

/** The public programme as a calendar subscription; the listing's filters and `?lang=`. */
export const GET: APIRoute = async ({ request, url, locals }) => {
  const { db, hub, now } = await siteContext(locals.lang);
  const calendar = await publicCalendar(db, hub, url.searchParams, { now, publicUrl: getConfig().publicUrl });
  return calendarResponse(request, calendar, { cacheControl: FEED_CACHE_CONTROL });
};
