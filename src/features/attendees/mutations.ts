import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { signups } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { freeSeats, recount } from '#features/seats/counters.ts';
import { lockEvent, lockSignupAndEvent } from '#features/seats/lock.ts';
import { confirmWaiting } from '#features/seats/promote.ts';

export type AttendanceOutcome = { kind: 'marked'; came: number } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Marks who came: the ids given came, every other confirmed attendee did not. */
export async function markAttendance(db: Db, actor: Actor, eventId: string, cameIds: string[]): Promise<AttendanceOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    const confirmed = await tx
      .select({ id: signups.id })
      .from(signups)
      .where(and(eq(signups.eventId, eventId), eq(signups.status, 'confirmed')));
    const came = new Set(cameIds.filter((id) => confirmed.some((c) => c.id === id)));
    const ids = confirmed.map((c) => c.id);
    const absent = ids.filter((id) => !came.has(id));
    if (came.size > 0)
      await tx
        .update(signups)
        .set({ attended: true })
        .where(inArray(signups.id, [...came]));
    if (absent.length > 0) await tx.update(signups).set({ attended: false }).where(inArray(signups.id, absent));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'attendance.mark',
      entity: 'event',
      entityId: eventId,
      details: { came: came.size, of: ids.length },
    });
    return { kind: 'marked', came: came.size } as const;
  });
}

export type WalkInOutcome =
  | { kind: 'added'; signupId: string }
  | { kind: 'no-room'; free: number }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/** Someone came without signing up: they take a seat (if the event counts seats) and are marked present. */
export async function addWalkIn(
  db: Db,
  actor: Actor,
  eventId: string,
  party: { name: string; adults: number; children: number },
  now = new Date(),
): Promise<WalkInOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    const seats = party.adults + party.children;
    if (event.capacity !== null && freeSeats(event) < seats) return { kind: 'no-room', free: freeSeats(event) } as const;
    const [row] = await tx
      .insert(signups)
      .values({
        eventId,
        name: party.name,
        adults: party.adults,
        children: party.children,
        seats,
        status: 'confirmed',
        language: 'fi',
        consentAt: now,
        confirmedAt: now,
        walkIn: true,
        attended: true,
      })
      .returning({ id: signups.id });
    await recount(tx as Db, eventId, null, { status: 'confirmed', seats });
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'signup.walk-in',
      entity: 'signup',
      entityId: row!.id,
      details: { eventId, seats },
    });
    return { kind: 'added', signupId: row!.id } as const;
  });
}

export type PromoteOutcome =
  | { kind: 'promoted' }
  | { kind: 'no-room'; free: number }
  | { kind: 'not-waiting' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * A leader moves one person off the waiting list of their event, out of turn, when the party
 * fits. The sign-up must belong to that event: the leader's right was checked for it alone.
 */
export async function promoteByHand(db: Db, actor: Actor, eventId: string, signupId: string, now = new Date()): Promise<PromoteOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockSignupAndEvent(tx as Db, signupId, eventId);
    if (!locked) {
      const event = await lockEvent(tx as Db, eventId);
      return event && !can(actor, 'attendees:edit', event) ? ({ kind: 'forbidden' } as const) : ({ kind: 'not-found' } as const);
    }
    const { event, signup } = locked;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    if (signup.status !== 'waitlisted') return { kind: 'not-waiting' } as const;
    const free = freeSeats(event);
    if (signup.seats > free) return { kind: 'no-room', free } as const;
    await confirmWaiting(tx as Db, event.id, [signup], now);
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'signup.promote',
      entity: 'signup',
      entityId: signupId,
      details: { eventId: event.id },
    });
    return { kind: 'promoted' } as const;
  });
}
