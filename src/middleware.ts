import { defineMiddleware } from 'astro:middleware';
import { getConfig } from './config.ts';
import { getDb } from './db/client.ts';
import { actorFor, ANONYMOUS } from './features/auth/policy.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from './features/auth/session.ts';
import { withEtag } from './features/http/etag.ts';
import { apiError } from './features/http/json.ts';
import { isFrameablePath, securityHeaders } from './features/http/security-headers.ts';
import { isLang, negotiateLang } from './i18n/languages.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const first = context.url.pathname.split('/')[1];
  context.locals.lang = isLang(first) ? first : negotiateLang(context.request.headers.get('accept-language'));
  context.locals.user = null;
  context.locals.sessionId = null;
  context.locals.actor = ANONYMOUS;
  const config = getConfig();

  // Sessions as in Lucia's guide: validate the cookie, slide its expiry, drop it when invalid.
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const db = await getDb();
    const result = await validateSessionToken(db, token);
    if (result) {
      context.locals.user = result.user;
      context.locals.actor = await actorFor(db, result.user);
      context.locals.sessionId = result.session.id;
      if (result.session.fresh) context.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(config.secure));
    } else {
      context.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }

  // /{lang}/… with a language we do not have: the localized 404 page.
  let response: Response;
  try {
    response = context.routePattern.startsWith('/[lang]') && !isLang(context.params.lang)
      ? await context.rewrite('/404')
      : await next();
  } catch (error) {
    // The API answers in JSON even when something breaks; pages get the 500 page from Astro.
    if (!context.url.pathname.startsWith('/api/')) throw error;
    console.error(error);
    response = apiError(500, 'internal', 'Something went wrong. Please try again later.');
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
  const cacheable = (context.request.method === 'GET' || context.request.method === 'HEAD')
    && secured.status === 200
    && (headers.get('Content-Type') ?? '').startsWith('text/html')
    && !headers.has('Cache-Control');
  return cacheable ? withEtag(context.request, secured) : secured;
});
