import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/users.ts';

// OWASP's argon2id baseline (19 MiB, 2 passes): safe and quick enough for a small server.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;
// Checked against even for unknown users, so the answer takes as long either way.
let dummyHash: Promise<string> | undefined;
export const PASSWORD_MIN = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** The user id when email and password match an active account that has a password. */
export async function verifyPasswordLogin(db: Db, email: string, password: string): Promise<string | null> {
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users)
    .where(and(eq(users.email, email), isNull(users.disabledAt)));
  dummyHash ??= hashPassword('not a real password');
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  return ok && user?.passwordHash ? user.id : null;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}
