import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { sessions, users } from '#db/schema/users.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { enqueueMessage } from '#features/mail/outbox.ts';
import { hitRateLimit } from '#features/rate-limit/mutations.ts';

// OWASP's argon2id baseline (19 MiB, 2 passes): safe and quick enough for a small server.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;
// Checked against even for unknown users, so the answer takes as long either way.
let dummyHash: Promise<string> | undefined;
// The one pair of password limits: setting a password checks both, signing in only the maximum.
export const PASSWORD_MIN = 10;
// Long passphrases are welcome; argon2 hashes whatever length, but a form field needs a bound
// (and megabytes would make every sign-in attempt expensive).
export const PASSWORD_MAX = 200;
/** A session signed in by an emailed link this recently may set a password without the old one. */
export const FRESH_LINK_MINUTES = 15;
// Guesses at the current password from a signed-in session (a borrowed laptop, say).
const CURRENT_GUESSES = { limit: 5, windowSeconds: 900 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

async function matches(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not a real password');
  const ok = await verify(passwordHash ?? (await dummyHash), password).catch(() => false);
  return ok && Boolean(passwordHash);
}

export type PasswordCheck = { ok: true; userId: string } | { ok: false; userId: string | null };

/**
 * Checks email and password of an active account. `userId` is there on failure too, for the
 * audit log. With `skip` (a refused attempt) or a null password, nothing is verified.
 */
export async function checkPassword(
  db: Db,
  hubId: string,
  email: string,
  password: string | null,
  options: { skip?: boolean } = {},
): Promise<PasswordCheck> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.hubId, hubId), eq(users.email, email), isNull(users.disabledAt)));
  if (options.skip || password === null) return { ok: false, userId: user?.id ?? null };
  return (await matches(user?.passwordHash, password)) && user ? { ok: true, userId: user.id } : { ok: false, userId: user?.id ?? null };
}

/** The user id when email and password match an active account of the hub that has a password. */
export async function verifyPasswordLogin(db: Db, hubId: string, email: string, password: string): Promise<string | null> {
  const checked = await checkPassword(db, hubId, email, password);
  return checked.ok ? checked.userId : null;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, userId));
}

export type PasswordOutcome =
  | { kind: 'saved' }
  | { kind: 'removed' }
  | { kind: 'too-short' }
  | { kind: 'too-long' }
  | { kind: 'mismatch' }
  | { kind: 'wrong-current' }
  | { kind: 'needs-fresh-link' }
  | { kind: 'too-many' };

/**
 * Sets (or, with an empty password, removes) the signed-in person's password. It takes the
 * current password, or a session signed in by an emailed link in the last FRESH_LINK_MINUTES
 * (the link proves the mailbox, as a reset would). The owner is emailed a notice in their
 * language, and their other sessions end, so a password changed after a lost phone locks the
 * phone out.
 */
export async function changePassword(
  db: Db,
  args: { userId: string; keepSessionId: string; current: string; password: string; repeat: string; now?: Date },
): Promise<PasswordOutcome> {
  const now = args.now ?? new Date();
  const remove = args.password === '' && args.repeat === '';
  if (!remove) {
    if (args.password !== args.repeat) return { kind: 'mismatch' };
    if ([...args.password].length < PASSWORD_MIN) return { kind: 'too-short' };
    if ([...args.password].length > PASSWORD_MAX) return { kind: 'too-long' };
  }
  const [row] = await db
    .select({ user: users, session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, args.keepSessionId), eq(sessions.userId, args.userId)));
  if (!row) return { kind: 'needs-fresh-link' };
  const freshLink = row.session.signedInWith === 'link' && now.getTime() - row.session.createdAt.getTime() < FRESH_LINK_MINUTES * 60_000;
  if (!freshLink) {
    if (!row.user.passwordHash) return { kind: 'needs-fresh-link' };
    if (!(await hitRateLimit(db, `password:current:${args.userId}`, CURRENT_GUESSES, now)).allowed) return { kind: 'too-many' };
    if (!args.current || !(await matches(row.user.passwordHash, args.current))) return { kind: 'wrong-current' };
  }
  const passwordHash = remove ? null : await hashPassword(args.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, args.userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, args.userId), ne(sessions.id, args.keepSessionId)));
    await recordChange(tx as Db, {
      userId: args.userId,
      action: remove ? 'password.remove' : 'password.set',
      entity: 'user',
      entityId: args.userId,
      details: { proof: freshLink ? 'link' : 'current-password' },
    });
    await enqueueMessage(tx as Db, {
      kind: 'password-changed',
      hubId: row.user.hubId,
      recipient: row.user.email,
      language: row.user.language,
      payload: { change: remove ? 'removed' : 'set' },
    });
  });
  return { kind: remove ? 'removed' : 'saved' };
}
