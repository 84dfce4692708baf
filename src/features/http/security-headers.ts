import { uiLanguages } from '#i18n/languages.ts';

/** Headers every response carries (CONTRACT.md, security baseline). */
export function securityHeaders(options: { secure: boolean; frameable?: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // The embeddable listing (partners' sites) is the only page allowed in a frame.
    options.frameable ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (!options.frameable) headers['X-Frame-Options'] = 'DENY';
  if (options.secure) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/**
 * The embeddable listing's address: the server's base headers (set before Astro runs, for static
 * files) and the middleware must agree, or a DENY from the first would outlive the second.
 */
const FRAMEABLE = new RegExp(`^/(?:${uiLanguages.join('|')})/embed/?$`);
export function isFrameablePath(pathname: string): boolean {
  return FRAMEABLE.test(pathname);
}
