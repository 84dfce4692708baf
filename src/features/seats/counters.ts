import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import type { SignupStatus } from '#db/schema/signups.ts';

/** Seats still free on a locked event (0 for one that counts no seats). */
export const freeSeats = (event: { capacity: number | null; seatsTaken: number }) => Math.max(0, (event.capacity ?? 0) - event.seatsTaken);

type Counted = { status: SignupStatus; seats: number } | null;

/**
 * The only writer of `events.seats_taken` and `events.waiting_count`. Give it what a sign-up
 * counted as before (null: it did not exist) and after (null: gone); it moves both counters by
 * the difference. The caller holds the event lock (lock.ts); the row's CHECK refuses
 * overbooking even if a caller forgot to look.
 */
export async function recount(tx: Db, eventId: string, before: Counted, after: Counted): Promise<void> {
  const seats = (c: Counted) => (c?.status === 'confirmed' ? c.seats : 0);
  const waiting = (c: Counted) => (c?.status === 'waitlisted' ? 1 : 0);
  await recountMany(tx, eventId, { seats: seats(after) - seats(before), waiting: waiting(after) - waiting(before) });
}

/** The same for several sign-ups at once (a waiting list moving up): sums of the differences. */
export async function recountMany(tx: Db, eventId: string, delta: { seats: number; waiting: number }): Promise<void> {
  if (delta.seats === 0 && delta.waiting === 0) return;
  await tx
    .update(events)
    .set({ seatsTaken: sql`${events.seatsTaken} + ${delta.seats}`, waitingCount: sql`${events.waitingCount} + ${delta.waiting}` })
    .where(eq(events.id, eventId));
}
