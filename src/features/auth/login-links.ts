import { and, eq, gt, isNull } from 'drizzle-orm';
import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { loginLinks, users } from '#db/schema/users.ts';
import { enqueueMessage } from '#features/mail/outbox.ts';
import { hashToken, looksLikeToken, newToken } from '#lib/tokens.ts';
import { recordSignIn } from './sign-in-audit.ts';
import { createSession } from './session.ts';

export const LOGIN_LINK_TTL_MS = 15 * 60_000;

/**
 * Emails a one-time sign-in link when the address has an active account in the hub. Says
 * nothing either way: the caller shows the same answer for known and unknown addresses.
 * An address is unique per hub only, so the hub is part of the question (decision 018).
 */
export async function requestLoginLink(db: Db, hubId: string, email: string, language: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.hubId, hubId), eq(users.email, email), isNull(users.disabledAt)));
    if (!user) return;
    const token = newToken();
    await tx
      .insert(loginLinks)
      .values({ tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS) });
    await enqueueMessage(tx as Db, {
      kind: 'login-link',
      hubId: user.hubId,
      recipient: user.email,
      language,
      payload: { url: `${getConfig().publicUrl}/${language}/login/link/${token}` },
    });
  });
}

/** Uses a sign-in link: one atomic update, so a link works once even if clicked twice at once. */
export async function consumeLoginLink(db: Db, token: string | undefined, now = new Date()): Promise<string | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .update(loginLinks)
    .set({ usedAt: now })
    .where(and(eq(loginLinks.tokenHash, hashToken(token)), isNull(loginLinks.usedAt), gt(loginLinks.expiresAt, now)))
    .returning({ userId: loginLinks.userId });
  if (!row) return null;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, row.userId), isNull(users.disabledAt)));
  return user?.id ?? null;
}

export type LinkSignIn = { kind: 'signed-in'; token: string } | { kind: 'invalid' };

/**
 * Signs in with a link and writes the sign-in to the audit log. A used or expired link of a
 * real account is a failure on that account; a token that was never ours is nobody's sign-in.
 */
export async function signInWithLink(db: Db, token: string | undefined, now = new Date()): Promise<LinkSignIn> {
  const userId = await consumeLoginLink(db, token, now);
  if (!userId) {
    const [link] = looksLikeToken(token)
      ? await db
          .select({ userId: loginLinks.userId, hubId: users.hubId })
          .from(loginLinks)
          .innerJoin(users, eq(users.id, loginLinks.userId))
          .where(eq(loginLinks.tokenHash, hashToken(token)))
      : [];
    if (link) await recordSignIn(db, { hubId: link.hubId, userId: link.userId, method: 'link', outcome: 'failure' });
    return { kind: 'invalid' };
  }
  const session = await createSession(db, userId, now, 'link');
  const [user] = await db.select({ hubId: users.hubId }).from(users).where(eq(users.id, userId));
  await recordSignIn(db, { hubId: user!.hubId, userId, method: 'link', outcome: 'success' });
  return { kind: 'signed-in', token: session.token };
}
