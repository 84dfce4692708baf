import { eq } from 'drizzle-orm';
import { typedColumns } from './party.ts';
import type { Db } from '#db/client.ts';
import { signups, type SignupStatus } from '#db/schema/signups.ts';
import { enqueueMessage, reachOf } from '#features/mail/outbox.ts';
import { seatsFor } from './parse-input.ts';
import { freeSeats, recount } from '#features/seats/counters.ts';
import { lockEvent, lockSignupAndEvent } from '#features/seats/lock.ts';
import { promoteFromWaitlist } from '#features/seats/promote.ts';
import { waitlistPosition } from './queries.ts';
import type { SignupInput } from './schema.ts';
import { issueManageLink } from './links.ts';
import { answerRepeat, ownersOfContact } from './decoys.ts';
import { isFirstTime } from './first-time.ts';

export type CreateOutcome =
  | { kind: 'confirmed'; signupId: string; token: string }
  | { kind: 'waitlisted'; signupId: string; token: string; position: number }
  // Same event, same email or phone as a live sign-up: a decoy answered like a new sign-up.
  | { kind: 'repeat'; status: 'confirmed' | 'waitlisted'; decoyId: string; token: string; position: number | null }
  | { kind: 'not-found' }
  | { kind: 'event-cancelled' }
  | { kind: 'no-signup' }
  | { kind: 'not-open'; opensAt: Date }
  | { kind: 'closed' }
  | { kind: 'party-too-big'; max: number }
  | { kind: 'full' };

/**
 * Signs a party up for an event. One transaction holds the event row lock, so seats, the
 * waiting list order and the one-sign-up-per-contact rule hold whatever arrives at once; the
 * confirmation message is queued in the same transaction. The unique indexes on contact stay
 * the last word: a repeat that slipped past would fail, never take a second seat.
 */
export async function createSignup(db: Db, eventId: string, input: SignupInput, now = new Date()): Promise<CreateOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event?.published) return { kind: 'not-found' } as const;
    if (event.status === 'cancelled') return { kind: 'event-cancelled' } as const;
    if (event.mode !== 'signup' || event.capacity === null) return { kind: 'no-signup' } as const;
    if (event.signupOpensAt && now < event.signupOpensAt) return { kind: 'not-open', opensAt: event.signupOpensAt } as const;
    if (now >= (event.signupClosesAt ?? event.startsAt)) return { kind: 'closed' } as const;

    const seats = seatsFor(input, event.freeChildAge);
    const partySize = input.adults + input.children + input.smallChildren;
    if (partySize > event.maxPartySize || seats > event.capacity) {
      return { kind: 'party-too-big', max: Math.min(event.maxPartySize, event.capacity) } as const;
    }
    const fits = freeSeats(event) >= seats;
    if (!fits && !event.waitlist) return { kind: 'full' } as const;
    const status = fits ? 'confirmed' : 'waitlisted';
    // A repeat is answered exactly like this new sign-up would be, and takes no seat (decision 015).
    const owners = await ownersOfContact(tx as Db, eventId, input);
    if (owners.length > 0) return answerRepeat(tx as Db, event, input, owners, status, seats, now);

    const [row] = await tx
      .insert(signups)
      .values({
        eventId,
        ...typedColumns(input),
        seats,
        status,
        firstTime: await isFirstTime(tx as Db, event.hubId, input),
        consentAt: now,
        createdAt: now,
        updatedAt: now,
        confirmedAt: fits ? now : null,
      })
      .returning({ id: signups.id });
    await recount(tx as Db, eventId, null, { status, seats });
    const { token, url } = await issueManageLink(tx as Db, row!.id, input.language);
    const position = fits ? null : ((await waitlistPosition(tx as Db, row!.id)) ?? 0);
    const reach = reachOf({ email: input.email ?? null, phone: input.phone ?? null });
    if (reach) {
      await enqueueMessage(tx as Db, {
        kind: fits ? 'signup-confirmed' : 'signup-waitlisted',
        ...reach,
        language: input.language,
        signupId: row!.id,
        eventId,
        payload: { manageUrl: url, ...(position ? { position } : {}) },
      });
    }
    if (position === null) return { kind: 'confirmed', signupId: row!.id, token } as const;
    return { kind: 'waitlisted', signupId: row!.id, token, position } as const;
  });
}

export type CancelOutcome =
  | { kind: 'cancelled'; promoted: number }
  | { kind: 'already-cancelled' }
  | { kind: 'not-found' }
  | { kind: 'closed' };

/** Cancels a sign-up, frees its seats and lets the waiting list move up, in one transaction. */
export async function cancelSignup(db: Db, signupId: string, now = new Date()): Promise<CancelOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockSignupAndEvent(tx as Db, signupId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, signup } = locked;
    if (signup.status === 'cancelled') return { kind: 'already-cancelled' } as const;
    if (event.endsAt <= now) return { kind: 'closed' } as const;
    await tx.update(signups).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(signups.id, signupId));
    await recount(tx as Db, event.id, signup, null);
    const reach = reachOf(signup);
    if (reach) {
      await enqueueMessage(tx as Db, {
        kind: 'signup-cancelled',
        ...reach,
        language: signup.language,
        signupId,
        eventId: event.id,
      });
    }
    const promoted = signup.status === 'confirmed' ? await promoteFromWaitlist(tx as Db, event.id, now) : [];
    return { kind: 'cancelled', promoted: promoted.length } as const;
  });
}

export type UpdateOutcome =
  | { kind: 'updated'; status: SignupStatus }
  | { kind: 'no-room'; free: number }
  | { kind: 'party-too-big'; max: number }
  | { kind: 'cancelled' }
  | { kind: 'closed' }
  | { kind: 'not-found' };

/**
 * Changes party size and answers. Growing a confirmed party needs free seats (it never jumps
 * the waiting list); shrinking frees seats for those waiting.
 */
export async function updateSignup(
  db: Db,
  signupId: string,
  change: Pick<SignupInput, 'adults' | 'children' | 'smallChildren' | 'answers'>,
  now = new Date(),
): Promise<UpdateOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockSignupAndEvent(tx as Db, signupId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, signup } = locked;
    if (signup.status === 'cancelled') return { kind: 'cancelled' } as const;
    if (event.status === 'cancelled' || now >= event.startsAt) return { kind: 'closed' } as const;
    const seats = seatsFor(change, event.freeChildAge);
    const partySize = change.adults + change.children + change.smallChildren;
    const capacity = event.capacity ?? 0;
    if (partySize > event.maxPartySize || seats > capacity)
      return { kind: 'party-too-big', max: Math.min(event.maxPartySize, capacity) } as const;
    const delta = seats - signup.seats;
    if (signup.status === 'confirmed' && delta > freeSeats(event)) return { kind: 'no-room', free: freeSeats(event) } as const;
    await tx
      .update(signups)
      .set({ ...change, seats, updatedAt: now })
      .where(eq(signups.id, signupId));
    await recount(tx as Db, event.id, signup, { status: signup.status, seats });
    if (signup.status === 'confirmed' && delta < 0) await promoteFromWaitlist(tx as Db, event.id, now);
    // A waiting party that shrank may now fit.
    if (signup.status === 'waitlisted' && delta < 0) await promoteFromWaitlist(tx as Db, event.id, now);
    const [after] = await tx.select({ status: signups.status }).from(signups).where(eq(signups.id, signupId));
    return { kind: 'updated', status: after!.status } as const;
  });
}

/** From the manage page: no more text messages for this sign-up (decision 021). */
export async function stopTextMessages(db: Db, signupId: string): Promise<void> {
  await db.update(signups).set({ smsOff: true, updatedAt: new Date() }).where(eq(signups.id, signupId));
}

/** From a reminder's List-Unsubscribe link: no more reminders for this sign-up. */
export async function stopReminders(db: Db, signupId: string): Promise<void> {
  await db.update(signups).set({ remindersOff: true, updatedAt: new Date() }).where(eq(signups.id, signupId));
}
