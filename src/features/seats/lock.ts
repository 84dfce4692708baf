import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signups } from '#db/schema/signups.ts';

export type LockedEvent = typeof events.$inferSelect;
export type LockedSignup = typeof signups.$inferSelect;

/**
 * Locks an event row for the rest of the transaction. Every change to its seats or waiting list
 * holds this lock, so counters, arrival order and the one-sign-up-per-contact rule hold whatever
 * arrives at once (docs/decisions/005, 017). FOR NO KEY UPDATE: it queues seat changes behind
 * each other like FOR UPDATE, but not the foreign-key checks of rows inserted elsewhere (an
 * outbox row naming the event or sign-up), which would otherwise deadlock with it.
 */
export async function lockEvent(tx: Db, eventId: string): Promise<LockedEvent | null> {
  const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for('no key update');
  return event ?? null;
}

/**
 * Locks the event first, then the sign-up: the same order everywhere, so no deadlocks. With
 * `eventId` the sign-up must belong to that event (a right checked for one event is not a right
 * over another's sign-ups).
 */
export async function lockSignupAndEvent(
  tx: Db,
  signupId: string,
  eventId?: string,
): Promise<{ event: LockedEvent; signup: LockedSignup } | null> {
  const [ref] = await tx
    .select({ eventId: signups.eventId })
    .from(signups)
    .where(eventId ? and(eq(signups.id, signupId), eq(signups.eventId, eventId)) : eq(signups.id, signupId));
  if (!ref) return null;
  const event = await lockEvent(tx, ref.eventId);
  const [signup] = await tx.select().from(signups).where(eq(signups.id, signupId)).for('no key update');
  return event && signup ? { event, signup } : null;
}
