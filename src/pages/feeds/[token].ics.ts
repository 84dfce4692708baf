import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { getDb } from '#db/client.ts';
import { privateCalendar } from '#features/feeds/calendars.ts';
import { calendarResponse, feedNotFound } from '#features/feeds/response.ts';

/** A leader's private feed; the token in the address is the only key. */
export const GET: APIRoute = async ({ request, params }) => {
  const calendar = await privateCalendar(await getDb(), params.token ?? '', { now: new Date(), publicUrl: getConfig().publicUrl });
  if (!calendar) return feedNotFound();
  const response = await calendarResponse(request, calendar, { cacheControl: 'private, no-cache' });
  response.headers.set('X-Robots-Tag', 'noindex');
  return response;
};
