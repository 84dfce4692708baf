// Tokens in paths (manage links, private feeds, sign-in links, unsubscribe links) are secrets:
// never log them. A request can spell a path many ways that still reach the same page
// (`//en/signup/…`, `/en/%73ignup/…`, `/EN/SIGNUP/…`, trailing dots), so the path is first
// decoded and normalised, then redacted by segment; a segment that merely looks like a token,
// an email address or a phone number is redacted too, wherever it is.

// After one of these, every further segment is a secret unless it is a known route word.
const TOKEN_BEARING = new Set([
  'signup',
  'signups',
  'feeds',
  'link',
  'unsubscribe',
  'token',
  'tokens',
  'm',
  'feedback',
  'f',
  'helper',
  'h',
  'profile',
  'invitation',
]);
const ROUTE_WORDS = new Set(['cancel', 'manage', 'edit', 'certificate']);
const EXTENSION = /\.(ics|json|csv|eml|html|pdf)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LENGTH = 300;

/** Decodes percent-encoding until it no longer changes (double encoding included). */
function decode(segment: string): string {
  let value = segment;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(value);
    } catch {
      // Malformed escapes: decode what can be decoded, byte by byte.
      next = value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    if (next === value) break;
    value = next;
  }
  return value;
}

/** The comparable form of a segment: lower case, no trailing dots, no file extension. */
const bare = (segment: string) =>
  segment
    .toLowerCase()
    .replace(/[.\s]+$/, '')
    .replace(EXTENSION, '');

/** Base32/base64url/hex strings long enough to be one of our tokens (not slugs or uuids). */
export function looksSecret(segment: string): boolean {
  if (segment.includes('@')) return true;
  if (/^\+?[\d\s().-]{7,}$/.test(segment) && segment.replace(/\D/g, '').length >= 7 && !/^\d{4}-\d{2}-\d{2}$/.test(segment)) return true;
  const s = segment.replace(/[.\s]+$/, '').replace(EXTENSION, '');
  if (s.length < 16 || !/^[A-Za-z0-9_-]+$/.test(s) || UUID.test(s)) return false;
  if (/[A-Z]/.test(s) && /[a-z]/.test(s)) return true;
  return s.split(/[-_]/).some((part) => part.length >= 16 || (part.length >= 8 && /[a-z]/i.test(part) && /\d/.test(part)));
}

/** The request path fit for a log line: no query string, no secret tokens, no contacts. */
export function logPath(url: string | undefined): string {
  const raw = (url ?? '/').split(/[?#]/)[0] ?? '/';
  const segments = raw
    .split(/[/\\]+/)
    .filter((s) => s !== '')
    .map(decode)
    // A decoded segment may itself hold slashes (`%2F`): split again.
    .flatMap((s) => s.split(/[/\\]+/))
    .filter((s) => s !== '');
  let afterToken = false;
  const out = segments.map((segment) => {
    const word = bare(segment);
    if (afterToken && !ROUTE_WORDS.has(word)) {
      const ext = segment.replace(/[.\s]+$/, '').match(EXTENSION)?.[0] ?? '';
      return `:token${ext.toLowerCase()}`;
    }
    if (TOKEN_BEARING.has(word)) {
      afterToken = true;
      return word;
    }
    if (looksSecret(segment)) return ':token';
    // Control characters and quotes have no place in a log line, and a decoded `?` or `#` must not
    // pass for a query string or fragment (those are never logged): they stay percent-encoded.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    return segment.replace(/[\u0000-\u001f\u007f"?#%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  });
  return `/${out.join('/')}${raw.endsWith('/') && out.length ? '/' : ''}`.slice(0, MAX_LENGTH);
}
