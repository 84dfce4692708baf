import { getConfig } from '../../config.ts';

/**
 * The visitor's address for rate limits. Behind a reverse proxy (TRUST_PROXY) it is the last
 * X-Forwarded-For entry: the one our proxy added, which the client cannot forge.
 */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  if (getConfig().TRUST_PROXY) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (forwarded) return forwarded.slice(0, 64);
  }
  return socketAddress ?? 'unknown';
}
