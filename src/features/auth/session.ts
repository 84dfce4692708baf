import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { sessions, users } from '#db/schema/users.ts';

// A session ends after ten days without use; use is written down at most once an hour.
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 3_600_000;
const ACTIVITY_CHECK_INTERVAL_MS = 3_600_000;
export const SESSION_COOKIE = 'tori_session';

/** 120 bits from a cryptographic source, as 24 base32 characters (Lucia's guide). */
function randomString(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const hashSecret = (secret: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));

/** Creates a session; the returned token (`id.secret`) goes into the cookie and nowhere else. */
export async function createSession(
  db: Db,
  userId: string,
  now = new Date(),
  signedInWith: 'password' | 'link' = 'password',
): Promise<{ token: string; id: string }> {
  const id = randomString();
  const secret = randomString();
  await db.insert(sessions).values({ id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now, signedInWith });
  return { token: `${id}.${secret}`, id };
}

export type SessionUser = typeof users.$inferSelect;
export type SessionValidation = { session: { id: string; fresh: boolean }; user: SessionUser } | null;

/**
 * Checks a token from a cookie: the session must exist, its secret match (in constant time),
 * its user be active and it must have been used within the inactivity timeout.
 */
export async function validateSessionToken(db: Db, token: string | undefined, now = new Date()): Promise<SessionValidation> {
  const parts = token?.split('.');
  if (parts?.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]!) || !/^[a-z2-7]{24}$/.test(parts[1]!)) return null;
  const [id, secret] = parts as [string, string];
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const expected = new TextEncoder().encode(row.session.secretHash);
  const given = new TextEncoder().encode(hashSecret(secret));
  if (!constantTimeEqual(expected, given)) return null;
  if (row.user.disabledAt || now.getTime() - row.session.lastVerifiedAt.getTime() >= INACTIVITY_TIMEOUT_MS) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  // Sliding expiry: a session in use stays alive; the cookie is renewed along with it.
  const fresh = now.getTime() - row.session.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS;
  if (fresh) await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id));
  return { session: { id, fresh }, user: row.user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** "Sign out everywhere". */
export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export function sessionCookieOptions(secure: boolean, maxAgeMs = INACTIVITY_TIMEOUT_MS) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) };
}
