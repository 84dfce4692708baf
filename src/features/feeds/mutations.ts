import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { feedTokens } from '#db/schema/feed-tokens.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { can, type Actor } from '#features/auth/policy.ts';
import { hashToken, newToken } from '#lib/tokens.ts';
import { feedNameSchema } from './schema.ts';

export type CreateFeedTokenOutcome = { kind: 'created'; id: string; token: string } | { kind: 'invalid-name' } | { kind: 'forbidden' };

/** A new private feed for a person; the token is returned once and only its hash is kept. */
export async function createFeedToken(db: Db, actor: Actor, rawName: string): Promise<CreateFeedTokenOutcome> {
  if (actor.kind !== 'user' || !can(actor, 'account:own', { hubId: actor.hubId, groupId: null })) return { kind: 'forbidden' };
  const { userId } = actor;
  const name = feedNameSchema.safeParse(rawName);
  if (!name.success) return { kind: 'invalid-name' };
  const token = newToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedTokens)
      .values({ tokenHash: hashToken(token), userId, name: name.data })
      .returning({ id: feedTokens.id });
    await recordChange(tx as Db, {
      userId,
      action: 'feed-token.create',
      entity: 'feed_token',
      entityId: row!.id,
      details: { name: name.data },
    });
    return { kind: 'created', id: row!.id, token } as const;
  });
}

export type RevokeFeedTokenOutcome = { kind: 'revoked' } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Stops one of a person's own feeds at once; someone else's token or a revoked one is not found. */
export async function revokeFeedToken(db: Db, actor: Actor, tokenId: string, now = new Date()): Promise<RevokeFeedTokenOutcome> {
  if (actor.kind !== 'user' || !can(actor, 'account:own', { hubId: actor.hubId, groupId: null })) return { kind: 'forbidden' };
  const { userId } = actor;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(feedTokens)
      .set({ revokedAt: now })
      .where(and(eq(feedTokens.id, tokenId), eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)))
      .returning({ id: feedTokens.id, name: feedTokens.name });
    if (!row) return { kind: 'not-found' } as const;
    await recordChange(tx as Db, {
      userId,
      action: 'feed-token.revoke',
      entity: 'feed_token',
      entityId: row.id,
      details: { name: row.name },
    });
    return { kind: 'revoked' } as const;
  });
}

export async function markFeedTokenUsed(db: Db, tokenId: string, now = new Date()): Promise<void> {
  await db.update(feedTokens).set({ lastUsedAt: now }).where(eq(feedTokens.id, tokenId));
}
