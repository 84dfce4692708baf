// Tokens in paths (manage links, private feeds, magic links) are secrets: never log them.
const SECRET_SEGMENT = /^\/(?:[a-z]{2}\/)?(signup|feeds|login\/link)\/[^/?]+/;

/** The request path fit for a log line: no query string, no secret tokens. */
export function logPath(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.replace(SECRET_SEGMENT, (whole, kind: string) => whole.slice(0, whole.indexOf(kind) + kind.length) + '/:token').slice(0, 300);
}
