import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { signups } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { freeSeats, recount } from '#features/seats/counters.ts';
import { lockEvent, lockSignupAndEvent } from '#features/seats/lock.ts';
import { confirmWaiting } from '#features/seats/promote.ts';

export type AttendanceOutcome = { kind: 'marked'; came: number; people: number } | { kind: 'not-found' } | { kind: 'forbidden' };

/** One party that came: a bare id means the whole party, `people` how many of it (decision 029). */
export type CameMark = string | { id: string; people: number };

/**
 * Marks who came: the parties given came (all of them, or as many people as given, at most the
 * party's size), every other confirmed attendee did not. A party marked with 0 people did not come.
 */
export async function markAttendance(db: Db, actor: Actor, eventId: string, marks: CameMark[]): Promise<AttendanceOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    const confirmed = await tx
      .select({ id: signups.id, adults: signups.adults, children: signups.children, smallChildren: signups.smallChildren })
      .from(signups)
      .where(and(eq(signups.eventId, eventId), eq(signups.status, 'confirmed')));
    const size = new Map(confirmed.map((c) => [c.id, c.adults + c.children + c.smallChildren]));
    const came = new Map<string, number>();
    for (const mark of marks) {
      const id = typeof mark === 'string' ? mark : mark.id;
      const whole = size.get(id);
      if (whole === undefined) continue;
      const people = typeof mark === 'string' ? whole : Math.max(0, Math.min(whole, Math.trunc(mark.people)));
      if (Number.isFinite(people) && people > 0) came.set(id, people);
    }
    const absent = confirmed.map((c) => c.id).filter((id) => !came.has(id));
    // One update per distinct head count: a list of parties of 1–3 is two or three statements.
    const byPeople = new Map<number, string[]>();
    for (const [id, people] of came) byPeople.set(people, [...(byPeople.get(people) ?? []), id]);
    for (const [people, ids] of byPeople)
      await tx.update(signups).set({ attended: true, attendedPeople: people }).where(inArray(signups.id, ids));
    if (absent.length > 0) await tx.update(signups).set({ attended: false, attendedPeople: 0 }).where(inArray(signups.id, absent));
    const people = [...came.values()].reduce((a, b) => a + b, 0);
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'attendance.mark',
      entity: 'event',
      entityId: eventId,
      details: { came: came.size, of: confirmed.length, people },
    });
    return { kind: 'marked', came: came.size, people } as const;
  });
}

export type WalkInOutcome =
  | { kind: 'added'; signupId: string }
  | { kind: 'no-room'; free: number }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * Someone came without signing up: they take a seat (if the event counts seats) and are marked
 * present. The name may be empty: "1 adult, 2 children" is enough to count them (decision 029).
 */
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
        attendedPeople: seats,
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
