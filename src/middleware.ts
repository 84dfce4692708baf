import { defineMiddleware } from 'astro:middleware';
import { getConfig } from './config.ts';
import { getDb } from './db/client.ts';
import { actorFor, ANONYMOUS } from './features/auth/policy.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from './features/auth/session.ts';
import { withEtag } from './features/http/etag.ts';
import { isDatabaseUnavailable } from './features/failures/classify.ts';
import { logFailure } from './features/failures/log.ts';
import { logPath } from './features/http/log-path.ts';
import { apiError } from './features/http/json.ts';
import { isFrameablePath, securityHeaders } from './features/http/security-headers.ts';
import { isLang, negotiateLang } from './i18n/languages.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  // The error page after a failure (a rewrite comes through here again): it keeps the request's
  // language and touches no database, which may be away.
  if (context.locals.failure) return next();
  const first = context.url.pathname.split('/')[1];
  // A page's rewrite to /404 comes through here again: it keeps the language of the address.
  const earlier = context.locals.lang;
  context.locals.lang = isLang(first) ? first : isLang(earlier) ? earlier : negotiateLang(context.request.headers.get('accept-language'));
  context.locals.user = null;
  context.locals.sessionId = null;
  context.locals.actor = ANONYMOUS;
  const config = getConfig();

  let response: Response;
  try {
    await loadSession(context, config.secure);
    // /{lang}/… with a language we do not have: the localized 404 page.
    response = context.routePattern.startsWith('/[lang]') && !isLang(context.params.lang) ? await context.rewrite('/404') : await next();
    // A page that refused a post without a word (someone not allowed): the refusal in the
    // visitor's language, still a 403, in one place rather than on every page.
    if (response.status === 403 && response.body === null && context.routePattern.startsWith('/[lang]'))
      // A GET of its own: the refused post's body has been read already.
      response = await context.rewrite(new Request(new URL('/403', context.url), { headers: context.request.headers }));
  } catch (error) {
    // Logged here as one JSON line without the query's values; Astro never sees the error.
    const unavailable = isDatabaseUnavailable(error);
    logFailure({ reqId: context.request.headers.get('x-request-id'), path: logPath(context.url.pathname), unavailable }, error);
    context.locals.failure = unavailable ? 'unavailable' : 'error';
    if (context.url.pathname.startsWith('/api/')) {
      response = unavailable
        ? apiError(
            503,
            'unavailable',
            'The service is briefly unavailable. Please try again in a moment.',
            {},
            { 'Retry-After': String(config.RETRY_AFTER_SECONDS) },
          )
        : apiError(500, 'internal', 'Something went wrong. Please try again later.');
    } else {
      // The localized error page (src/pages/500.astro); a rewrite to it keeps Astro's 500, so
      // the status and Retry-After are set here.
      context.locals.user = null;
      context.locals.actor = ANONYMOUS;
      const page = await context.rewrite('/500');
      const headers = new Headers(page.headers);
      headers.set('Cache-Control', 'no-store');
      if (unavailable) headers.set('Retry-After', String(config.RETRY_AFTER_SECONDS));
      response = new Response(page.body, { status: unavailable ? 503 : 500, headers });
    }
  }

  // Copied: some responses (redirects) come with immutable headers.
  const headers = new Headers(response.headers);
  // Partners' sites frame the embeddable listing, and nothing else (CONTRACT.md security baseline).
  const frameable = isFrameablePath(context.url.pathname) && response.status === 200;
  for (const [name, value] of Object.entries(securityHeaders({ secure: config.secure, frameable }))) {
    if (!headers.has(name)) headers.set(name, value);
  }
  // Pages for a signed-in person are theirs alone.
  if (context.locals.user && !headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store');
  if (headers.get('Content-Type') === 'text/html') headers.set('Content-Type', 'text/html; charset=utf-8');
  const secured = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  const cacheable =
    (context.request.method === 'GET' || context.request.method === 'HEAD') &&
    secured.status === 200 &&
    (headers.get('Content-Type') ?? '').startsWith('text/html') &&
    !headers.has('Cache-Control');
  return cacheable ? withEtag(context.request, secured) : secured;
});

// Sessions as in Lucia's guide: validate the cookie, slide its expiry, drop it when invalid.
async function loadSession(context: Parameters<Parameters<typeof defineMiddleware>[0]>[0], secure: boolean) {
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return;
  const db = await getDb();
  const result = await validateSessionToken(db, token);
  if (result) {
    context.locals.user = result.user;
    context.locals.actor = await actorFor(db, result.user);
    context.locals.sessionId = result.session.id;
    if (result.session.fresh) context.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(secure));
  } else {
    context.cookies.delete(SESSION_COOKIE, { path: '/' });
  }
}
