import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';

type OutboxRow = typeof outbox.$inferSelect;
type Change = Partial<typeof outbox.$inferInsert>;

export interface Lease {
  /** Extends the lease from now; false when another worker took the message over meanwhile. */
  renew(): Promise<boolean>;
  /** Records the outcome, only while this worker still holds the lease; false otherwise. */
  finish(change: Change): Promise<boolean>;
  /** Stops the heartbeat (the lease then runs out by itself unless finished). */
  stop(): void;
}

/**
 * The lease on one claimed message. While its worker works on it (a slow SMTP answer
 * included) a heartbeat renews it every third of its length, so it only runs out when the
 * worker is gone. `locked_until` is the holder's mark: a worker that takes a message over sets
 * a later one, and every statement here matches the mark this worker set last.
 */
export function holdLease(db: Db, row: OutboxRow, leaseSeconds: number, clock: () => Date): Lease {
  let mark = row.lockedUntil!;
  let held = true;
  // One statement at a time: a renewal still in flight would change the mark under `finish`.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const owned = () => and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, mark));

  const renew = () =>
    serial(async () => {
      if (!held) return false;
      const until = new Date(clock().getTime() + leaseSeconds * 1000);
      const [kept] = await db.update(outbox).set({ lockedUntil: until }).where(owned()).returning({ id: outbox.id });
      if (kept) mark = until;
      else held = false;
      return held;
    });
  // A failed heartbeat (the database away for a moment) is tried again on the next beat.
  const heartbeat = setInterval(() => void renew().catch(() => undefined), Math.max(50, (leaseSeconds * 1000) / 3));
  heartbeat.unref();

  return {
    renew,
    stop: () => clearInterval(heartbeat),
    finish: (change) => {
      clearInterval(heartbeat);
      return serial(async () => {
        if (!held) return false;
        // Still held if the update throws (the database blinked): the caller may try again.
        const [done] = await db
          .update(outbox)
          .set({ ...change, lockedUntil: null })
          .where(owned())
          .returning({ id: outbox.id });
        held = false;
        return Boolean(done);
      });
    },
  };
}
