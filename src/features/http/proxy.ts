import type { IncomingMessage } from 'node:http';
import type { Config } from '#config';

const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

const last = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);

/**
 * Makes the request URL Astro builds (protocol from the socket, host from the Host header:
 * @astrojs/node reads X-Forwarded-* only when `security.allowedDomains` is set at build time)
 * the public one, so its origin check compares the browser's Origin with the public address.
 *
 * TRUST_PROXY=true: the host is PUBLIC_URL's (or, without PUBLIC_URL, the proxy's
 * X-Forwarded-Host); the protocol is PUBLIC_URL's (or the proxy's X-Forwarded-Proto).
 * TRUST_PROXY=false: forwarded headers are removed, so nothing further on can read them.
 */
export function applyProxy(req: IncomingMessage, config: Config): void {
  if (!config.TRUST_PROXY) {
    for (const name of FORWARDED) delete req.headers[name];
    return;
  }
  let protocol: string | undefined;
  let host: string | undefined;
  if (config.PUBLIC_URL) {
    const url = new URL(config.publicUrl);
    protocol = url.protocol.slice(0, -1);
    host = url.host;
  } else {
    const proto = last(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (proto === 'http' || proto === 'https') protocol = proto;
    const forwardedHost = last(req.headers['x-forwarded-host']);
    if (forwardedHost && HOST.test(forwardedHost)) host = forwardedHost;
  }
  if (host) req.headers.host = host;
  // Astro takes the protocol from `socket.encrypted`; the proxy ended TLS, so say what it was.
  if (protocol) Object.defineProperty(req.socket, 'encrypted', { value: protocol === 'https', configurable: true, writable: true });
}
