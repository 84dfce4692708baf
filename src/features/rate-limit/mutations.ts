import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { rateLimits } from '#db/schema/rate-limits.ts';
import type { PeriodicJob } from '#features/mail/worker.ts';

export interface RateLimit {
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit (or `amount`, e.g. seats) for `key` in the current fixed window, in PostgreSQL
 * so that every app instance shares the count. The upsert is atomic: concurrent hits never lose
 * a count. A refused hit is counted too: hammering on does not reopen the window.
 */
export async function hitRateLimit(db: Db, key: string, rule: RateLimit, now = new Date(), amount = 1): Promise<RateOutcome> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, hits: amount })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + ${amount}` } })
    .returning({ hits: rateLimits.hits });
  if ((row?.hits ?? amount) <= rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
}

/** The hits counted so far for `key` in the current window, without counting one. */
export async function countRateLimit(db: Db, key: string, rule: RateLimit, now = new Date()): Promise<number> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart)));
  return row?.hits ?? 0;
}

/** Drops windows that started before `olderThan`; returns how many rows went. */
export async function pruneRateLimits(db: Db, olderThan: Date): Promise<number> {
  const gone = await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${olderThan}`).returning({ key: rateLimits.key });
  return gone.length;
}

// Every rule's window is an hour or shorter, so a window that started a day ago counts nothing.
// Without this the table keeps one row per address and window for ever.
const KEEP_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Pruning as a job of the background worker, beside retention: once an hour. */
export function rateLimitPruneJob(db: Db): PeriodicJob {
  return {
    name: 'rate-limit-prune',
    everyMs: PRUNE_EVERY_MS,
    run: async (now) => {
      const rows = await pruneRateLimits(db, new Date(now.getTime() - KEEP_MS));
      return rows ? { rows } : null;
    },
  };
}
