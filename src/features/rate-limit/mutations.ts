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
  return hitRateLimits(db, [{ key, rule, amount }], now);
}

export interface Hit {
  key: string;
  rule: RateLimit;
  amount?: number;
}

/**
 * Several counters hit in one statement, so one round trip and one commit (a sign-up counts
 * its address, its contact and its seats); the first limit passed decides. The rows are
 * written in key order, so two requests hitting the same counters cannot deadlock.
 */
export async function hitRateLimits(db: Db, hits: readonly Hit[], now = new Date()): Promise<RateOutcome> {
  if (hits.length === 0) return { allowed: true };
  const byKey = new Map(hits.map((h) => [h.key, h]));
  if (byKey.size !== hits.length) throw new Error('hitRateLimits: the same key twice in one statement');
  const rows = [...byKey.values()]
    .map((h) => {
      const windowMs = h.rule.windowSeconds * 1000;
      return { ...h, windowMs, windowStart: new Date(Math.floor(now.getTime() / windowMs) * windowMs), amount: h.amount ?? 1 };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const counted = await db
    .insert(rateLimits)
    .values(rows.map((r) => ({ key: r.key, windowStart: r.windowStart, hits: r.amount })))
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + excluded.hits` } })
    .returning({ key: rateLimits.key, hits: rateLimits.hits });
  const hitsOf = new Map(counted.map((c) => [c.key, c.hits]));
  const refused = rows
    .filter((r) => (hitsOf.get(r.key) ?? r.amount) > r.rule.limit)
    .map((r) => Math.max(1, Math.ceil((r.windowStart.getTime() + r.windowMs - now.getTime()) / 1000)));
  return refused.length ? { allowed: false, retryAfterSeconds: Math.max(...refused) } : { allowed: true };
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
