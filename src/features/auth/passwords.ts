import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/users.ts';
import { recordChange } from '../audit/mutations.ts';

// OWASP's argon2id baseline (19 MiB, 2 passes): safe and quick enough for a small server.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;
// Checked against even for unknown users, so the answer takes as long either way.
let dummyHash: Promise<string> | undefined;
export const PASSWORD_MIN = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** The user id when email and password match an active account of the hub that has a password. */
export async function verifyPasswordLogin(db: Db, hubId: string, email: string, password: string): Promise<string | null> {
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users)
    .where(and(eq(users.hubId, hubId), eq(users.email, email), isNull(users.disabledAt)));
  dummyHash ??= hashPassword('not a real password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  return ok && user?.passwordHash ? user.id : null;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}

// Long passphrases are welcome; argon2 hashes whatever length, but a form field needs a bound.
export const PASSWORD_MAX = 200;

export type PasswordOutcome = { kind: 'saved' } | { kind: 'removed' } | { kind: 'too-short' } | { kind: 'too-long' } | { kind: 'mismatch' };

/**
 * Sets (or, with an empty password, removes) the signed-in person's password. Their other
 * sessions end, so a password changed after a lost phone locks the phone out.
 */
export async function changePassword(db: Db, args: { userId: string; keepSessionId: string; password: string; repeat: string }): Promise<PasswordOutcome> {
  const remove = args.password === '' && args.repeat === '';
  if (!remove) {
    if (args.password !== args.repeat) return { kind: 'mismatch' };
    if ([...args.password].length < PASSWORD_MIN) return { kind: 'too-short' };
    if ([...args.password].length > PASSWORD_MAX) return { kind: 'too-long' };
  }
  const passwordHash = remove ? null : await hashPassword(args.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, args.userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, args.userId), ne(sessions.id, args.keepSessionId)));
    await recordChange(tx as Db, { userId: args.userId, action: remove ? 'password.remove' : 'password.set', entity: 'user', entityId: args.userId });
  });
  return { kind: remove ? 'removed' : 'saved' };
}
