import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signups } from '#db/schema/signups.ts';
import { enqueueMessage, reachOf } from '#features/mail/outbox.ts';
import { issueManageLink } from '#features/signups/links.ts';
import { freeSeats, recountMany } from './counters.ts';

type Waiting = { id: string; seats: number; email: string | null; phone: string | null; language: string };

/**
 * Confirms waiting parties: their status, a new manage link and the `signup-promoted` email in
 * the caller's transaction, and both counters moved once. Seats must have been checked.
 */
export async function confirmWaiting(tx: Db, eventId: string, parties: Waiting[], now: Date): Promise<void> {
  for (const party of parties) {
    await tx.update(signups).set({ status: 'confirmed', confirmedAt: now, updatedAt: now }).where(eq(signups.id, party.id));
    const reach = reachOf(party);
    if (reach) {
      const link = await issueManageLink(tx, party.id, party.language);
      await enqueueMessage(tx, {
        kind: 'signup-promoted',
        ...reach,
        language: party.language,
        signupId: party.id,
        eventId,
        payload: { manageUrl: link.url },
      });
    }
  }
  await recountMany(tx, eventId, { seats: parties.reduce((sum, p) => sum + p.seats, 0), waiting: -parties.length });
}

/**
 * Moves waiting parties into free seats, first come first served. A party that does not fit
 * keeps its place at the head; a smaller one behind it may take the seats (docs/decisions/006).
 * The caller holds the event row lock; returns the ids promoted.
 */
export async function promoteFromWaitlist(tx: Db, eventId: string, now: Date): Promise<string[]> {
  const [event] = await tx
    .select({ capacity: events.capacity, seatsTaken: events.seatsTaken, status: events.status, startsAt: events.startsAt })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event || event.capacity === null || event.status !== 'scheduled' || event.startsAt <= now) return [];
  let free = freeSeats(event);
  if (free <= 0) return [];
  const waiting = await tx
    .select({ id: signups.id, seats: signups.seats, email: signups.email, phone: signups.phone, language: signups.language })
    .from(signups)
    .where(and(eq(signups.eventId, eventId), eq(signups.status, 'waitlisted')))
    .orderBy(asc(signups.queueNo));
  const chosen: Waiting[] = [];
  for (const party of waiting) {
    if (free <= 0) break;
    if (party.seats > free) continue;
    free -= party.seats;
    chosen.push(party);
  }
  await confirmWaiting(tx, eventId, chosen, now);
  return chosen.map((p) => p.id);
}
