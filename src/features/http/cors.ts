import { withEtag } from './etag.ts';
import { json } from './json.ts';

// Public reads only: any site may fetch the programme. The write routes send none of these, so a
// browser refuses a cross-site write that would carry someone's token.
export const PUBLIC_READ_CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
};

// A minute of sharing between visitors of a partner's page is harmless (seat counts move slowly
// compared to that); after it the ETag makes the check cheap.
export const PUBLIC_API_CACHE_CONTROL = 'public, max-age=60';

/** The answer to a browser's preflight before a cross-site read. */
export function publicReadPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...PUBLIC_READ_CORS,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'Accept, Accept-Language, If-None-Match',
      'Access-Control-Max-Age': '86400',
    },
  });
}

/** A public JSON read: CORS, shared caching, ETag and 304. */
export function publicJson(request: Request, body: unknown): Promise<Response> {
  return withEtag(request, json(200, body, { ...PUBLIC_READ_CORS, 'Cache-Control': PUBLIC_API_CACHE_CONTROL }));
}

/** A public read's error: readable by the calling page too, and never cached. */
export function publicError(response: Response): Response {
  for (const [name, value] of Object.entries(PUBLIC_READ_CORS)) response.headers.set(name, value);
  return response;
}
