import { withEtag } from '#features/http/etag.ts';
import type { Calendar } from './calendars.ts';

/**
 * A calendar as an HTTP answer: strong ETag (304 on If-None-Match), Last-Modified when the feed
 * has one (304 on If-Modified-Since, which counts only without If-None-Match: RFC 9110 13.1.3).
 */
export async function calendarResponse(
  request: Request,
  calendar: Calendar,
  options: { cacheControl: string; filename?: string },
): Promise<Response> {
  const headers = new Headers({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': options.cacheControl });
  if (options.filename) headers.set('Content-Disposition', `attachment; filename="${options.filename}"`);
  if (calendar.lastModified) headers.set('Last-Modified', calendar.lastModified.toUTCString());
  const response = await withEtag(request, new Response(calendar.body, { status: 200, headers }));
  const since = Date.parse(request.headers.get('If-Modified-Since') ?? '');
  // HTTP dates have whole seconds; the database keeps microseconds.
  const unchanged =
    calendar.lastModified &&
    !request.headers.has('If-None-Match') &&
    !Number.isNaN(since) &&
    Math.floor(calendar.lastModified.getTime() / 1000) * 1000 <= since;
  if (response.status !== 200 || !unchanged) return response;
  const notModified = new Headers(response.headers);
  notModified.delete('Content-Length');
  notModified.delete('Content-Type');
  notModified.delete('Content-Disposition');
  return new Response(null, { status: 304, headers: notModified });
}

/** The one answer for every private feed address that does not work: nothing tells them apart. */
export function feedNotFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
