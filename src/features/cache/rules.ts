import { uiLanguages } from '#i18n/languages.ts';

// The public reads that are the same for every visitor. Everything else (manage pages, sign-up
// links, private feeds, sign-in, `/` which answers by Accept-Language) is rendered each time.
const LANG = `(?:${uiLanguages.join('|')})`;
const PUBLIC_PATHS = new RegExp(
  [
    `^/${LANG}/$`,
    `^/${LANG}/(?:events|groups|places|partners|calendar|embed|privacy|about|accessibility)$`,
    `^/${LANG}/(?:events|groups|places)/[a-z0-9-]{1,200}(?:\\.ics)?$`,
    '^/calendar\\.ics$',
    '^/api/v1/events$',
    '^/api/v1/events/[0-9a-f-]{36}$',
    '^/api/v1/openapi\\.json$',
  ].join('|'),
);

// Longer addresses are someone's experiment, not a page worth keeping.
const MAX_KEY_LENGTH = 1_000;

export interface CacheableRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: { cookie?: string | undefined; authorization?: string | undefined };
}

/**
 * The cache key of a request whose answer may be shared, or null. A signed-in person (any
 * session cookie) and an API caller with a token always get their own rendering.
 */
export function cacheKey(req: CacheableRequest, sessionCookie: string): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  if (url.length > MAX_KEY_LENGTH) return null;
  if (req.headers.authorization) return null;
  if (req.headers.cookie?.includes(`${sessionCookie}=`)) return null;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return PUBLIC_PATHS.test(path) ? url : null;
}
