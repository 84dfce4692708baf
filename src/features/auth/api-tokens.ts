import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { apiTokens, users } from '#db/schema/users.ts';
import { hashToken, looksLikeToken, newToken } from '#lib/tokens.ts';
import type { SessionUser } from './session.ts';

/** A new API token for a user; the token itself is returned once and only its hash is kept. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<string> {
  const token = `tori_${newToken()}`;
  await db.insert(apiTokens).values({ tokenHash: hashToken(token), userId, name });
  return token;
}

/** The user behind an `Authorization: Bearer` header, or null. */
export async function authenticateBearer(db: Db, header: string | null, now = new Date()): Promise<SessionUser | null> {
  const token = header?.match(/^Bearer\s+(tori_[A-Za-z0-9_-]{20,64})\s*$/)?.[1];
  if (!token || !looksLikeToken(token.slice(5))) return null;
  const [row] = await db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
  if (!row) return null;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  return row.user;
}
