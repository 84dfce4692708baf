import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { rateLimits } from '#db/schema/rate-limits.ts';
import { countRateLimit, hitRateLimit, hitRateLimits, rateLimitPruneJob } from '#features/rate-limit/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';

const HOUR = 3_600_000;
const rule = { limit: 5, windowSeconds: 3600 };
const now = new Date('2030-06-01T12:30:00Z');
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

describe('the worker prunes old rate-limit windows', () => {
  it('drops windows that started over a day ago and keeps the ones still counting', async () => {
    await hitRateLimit(handle.db, 'old', rule, new Date(now.getTime() - 30 * HOUR));
    await hitRateLimit(handle.db, 'old', rule, new Date(now.getTime() - 25 * HOUR));
    await hitRateLimit(handle.db, 'yesterday', rule, new Date(now.getTime() - 20 * HOUR));
    await hitRateLimit(handle.db, 'current', rule, now, 3);

    const job = rateLimitPruneJob(handle.db);
    expect(job.everyMs).toBeLessThanOrEqual(HOUR);
    expect(await job.run(now)).toEqual({ rows: 2 });

    const left = await handle.db.select({ key: rateLimits.key }).from(rateLimits);
    expect(left.map((r) => r.key).sort()).toEqual(['current', 'yesterday']);
    // The window in force keeps its count: pruning never reopens a limit.
    expect(await countRateLimit(handle.db, 'current', rule, now)).toBe(3);
    // Nothing more to do: the worker logs nothing.
    expect(await job.run(now)).toBeNull();
  });
});

describe('several counters in one statement', () => {
  it('counts every one, and the first limit passed refuses with the longest wait', async () => {
    const hourly = { limit: 2, windowSeconds: 3600 };
    const tenMinutes = { limit: 100, windowSeconds: 600 };
    const hits = [
      { key: 'many:b', rule: hourly },
      { key: 'many:a', rule: tenMinutes, amount: 4 },
    ];
    expect(await hitRateLimits(handle.db, hits, now)).toEqual({ allowed: true });
    expect(await hitRateLimits(handle.db, hits, now)).toEqual({ allowed: true });
    // The third hit passes the hourly limit: refused until the hour's window ends (30 minutes on).
    expect(await hitRateLimits(handle.db, hits, now)).toEqual({ allowed: false, retryAfterSeconds: 1800 });
    expect(await countRateLimit(handle.db, 'many:b', hourly, now)).toBe(3);
    expect(await countRateLimit(handle.db, 'many:a', tenMinutes, now)).toBe(12);
    await expect(hitRateLimits(handle.db, [hits[0]!, hits[0]!], now)).rejects.toThrow(/same key twice/);
  });
});
