import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { events } from '../../db/schema/events.ts';
import { signups } from '../../db/schema/signups.ts';
import { recordChange } from '../audit/mutations.ts';
import { enqueueMessage } from '../mail/outbox.ts';
import { issueManageLink } from '../signups/links.ts';

/** Marks who came: the ids given came, every other confirmed attendee did not. */
export async function markAttendance(db: Db, eventId: string, cameIds: string[], byUserId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const confirmed = await tx.select({ id: signups.id }).from(signups).where(and(eq(signups.eventId, eventId), eq(signups.status, 'confirmed')));
    const came = new Set(cameIds.filter((id) => confirmed.some((c) => c.id === id)));
    const ids = confirmed.map((c) => c.id);
    const absent = ids.filter((id) => !came.has(id));
    if (came.size > 0) await tx.update(signups).set({ attended: true }).where(inArray(signups.id, [...came]));
    if (absent.length > 0) await tx.update(signups).set({ attended: false }).where(inArray(signups.id, absent));
    await recordChange(tx as Db, { userId: byUserId, action: 'attendance.mark', entity: 'event', entityId: eventId, details: { came: came.size, of: ids.length } });
    return came.size;
  });
}

export type WalkInOutcome = { kind: 'added'; signupId: string } | { kind: 'no-room'; free: number } | { kind: 'not-found' };

/** Someone came without signing up: they take a seat (if the event counts seats) and are marked present. */
export async function addWalkIn(
  db: Db, eventId: string, party: { name: string; adults: number; children: number }, byUserId: string, now = new Date(),
): Promise<WalkInOutcome> {
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
    if (!event) return { kind: 'not-found' } as const;
    const seats = party.adults + party.children;
    if (event.capacity !== null && event.capacity - event.seatsTaken < seats) return { kind: 'no-room', free: event.capacity - event.seatsTaken } as const;
    const [row] = await tx.insert(signups).values({
      eventId, name: party.name, adults: party.adults, children: party.children, seats, status: 'confirmed', language: 'fi',
      consentAt: now, confirmedAt: now, walkIn: true, attended: true,
    }).returning({ id: signups.id });
    await tx.update(events).set({ seatsTaken: sql`${events.seatsTaken} + ${seats}` }).where(eq(events.id, eventId));
    await recordChange(tx as Db, { userId: byUserId, action: 'signup.walk-in', entity: 'signup', entityId: row!.id, details: { eventId, seats } });
    return { kind: 'added', signupId: row!.id } as const;
  });
}

export type PromoteOutcome = { kind: 'promoted' } | { kind: 'no-room'; free: number } | { kind: 'not-waiting' } | { kind: 'not-found' };

/**
 * A leader moves one person off the waiting list of their event, out of turn, when the party
 * fits. The sign-up must belong to that event: the leader's right was checked for it alone.
 */
export async function promoteByHand(db: Db, eventId: string, signupId: string, byUserId: string, now = new Date()): Promise<PromoteOutcome> {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ eventId: signups.eventId }).from(signups).where(and(eq(signups.id, signupId), eq(signups.eventId, eventId)));
    if (!ref) return { kind: 'not-found' } as const;
    const [event] = await tx.select().from(events).where(eq(events.id, ref.eventId)).for('update');
    const [signup] = await tx.select().from(signups).where(eq(signups.id, signupId)).for('update');
    if (!event || !signup) return { kind: 'not-found' } as const;
    if (signup.status !== 'waitlisted') return { kind: 'not-waiting' } as const;
    const free = (event.capacity ?? 0) - event.seatsTaken;
    if (signup.seats > free) return { kind: 'no-room', free } as const;
    await tx.update(signups).set({ status: 'confirmed', confirmedAt: now, updatedAt: now }).where(eq(signups.id, signupId));
    await tx.update(events).set({ seatsTaken: sql`${events.seatsTaken} + ${signup.seats}`, waitingCount: sql`${events.waitingCount} - 1` }).where(eq(events.id, event.id));
    if (signup.email) {
      const link = await issueManageLink(tx as Db, signupId, signup.language);
      await enqueueMessage(tx as Db, { kind: 'signup-promoted', recipient: signup.email, language: signup.language, signupId, eventId: event.id, payload: { manageUrl: link.url } });
    }
    await recordChange(tx as Db, { userId: byUserId, action: 'signup.promote', entity: 'signup', entityId: signupId, details: { eventId: event.id } });
    return { kind: 'promoted' } as const;
  });
}
