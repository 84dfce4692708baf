import { getConfig } from '#config';

/**
 * The address a proxy chain reports for the visitor: each trusted proxy appends the address it
 * was connected from, so with `hops` trusted proxies the visitor is the `hops`-th entry from the
 * right. Entries further left were sent by the client and can be forged; they are never used.
 */
export function forwardedClient(header: string | null | undefined, hops: number): string | undefined {
  const entries = (header ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  // Fewer entries than proxies: the chain was shorter than configured; the left-most is the best guess.
  return (entries.at(-hops) ?? entries[0])!.slice(0, 64);
}

/** The visitor's address for rate limits. X-Forwarded-For counts only with TRUST_PROXY. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  const config = getConfig();
  if (config.TRUST_PROXY) {
    const forwarded = forwardedClient(request.headers.get('x-forwarded-for'), config.TRUST_PROXY_HOPS);
    if (forwarded) return forwarded;
  }
  return socketAddress ?? 'unknown';
}
