import { createHash, randomBytes } from 'node:crypto';

// 160 bits of randomness: well past the 128 the contract asks for, and 27 URL-safe characters.
const TOKEN_BYTES = 20;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** What the database keeps instead of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Rejects what cannot be one of our tokens before it reaches the database. */
export function looksLikeToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,64}$/.test(value);
}
