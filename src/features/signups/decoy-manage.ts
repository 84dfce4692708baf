import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signupDecoys } from '#db/schema/signup-decoys.ts';
import { signups } from '#db/schema/signups.ts';
import { enqueueMessage } from '#features/mail/outbox.ts';
import type { CancelOutcome, UpdateOutcome } from './mutations.ts';
import { seatsFor } from './parse-input.ts';
import type { SignupInput } from './schema.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';

// A decoy's manage page answers as a sign-up's would (decision 015), but it only ever changes
// the decoy: no seat, no waiting list, no real sign-up is touched.

export async function getDecoyByToken(db: Db, token: string | undefined) {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select()
    .from(signupDecoys)
    .where(eq(signupDecoys.tokenHash, hashToken(token)));
  return row ?? null;
}

async function load(tx: Db, decoyId: string) {
  const [decoy] = await tx.select().from(signupDecoys).where(eq(signupDecoys.id, decoyId)).for('update');
  if (!decoy) return null;
  const [event] = await tx.select().from(events).where(eq(events.id, decoy.eventId));
  return event ? { decoy, event } : null;
}

/** The same checks and outcomes as updateSignup. */
export async function updateDecoy(
  db: Db,
  decoyId: string,
  change: Pick<SignupInput, 'adults' | 'children' | 'smallChildren' | 'answers'>,
  now = new Date(),
): Promise<UpdateOutcome> {
  return db.transaction(async (tx) => {
    const found = await load(tx as Db, decoyId);
    if (!found) return { kind: 'not-found' } as const;
    const { decoy, event } = found;
    if (decoy.status === 'cancelled') return { kind: 'cancelled' } as const;
    if (event.status === 'cancelled' || now >= event.startsAt) return { kind: 'closed' } as const;
    const seats = seatsFor(change, event.freeChildAge);
    const capacity = event.capacity ?? 0;
    if (change.adults + change.children + change.smallChildren > event.maxPartySize || seats > capacity) {
      return { kind: 'party-too-big', max: Math.min(event.maxPartySize, capacity) } as const;
    }
    if (decoy.status === 'confirmed' && seats - decoy.seats > capacity - event.seatsTaken) {
      return { kind: 'no-room', free: capacity - event.seatsTaken } as const;
    }
    await tx
      .update(signupDecoys)
      .set({ ...change, seats, updatedAt: now })
      .where(eq(signupDecoys.id, decoyId));
    return { kind: 'updated', status: decoy.status } as const;
  });
}

/** As cancelSignup; the cancellation email goes only to a typed address that no live sign-up owns. */
export async function cancelDecoy(db: Db, decoyId: string, now = new Date()): Promise<CancelOutcome> {
  return db.transaction(async (tx) => {
    const found = await load(tx as Db, decoyId);
    if (!found) return { kind: 'not-found' } as const;
    const { decoy, event } = found;
    if (decoy.status === 'cancelled') return { kind: 'already-cancelled' } as const;
    if (event.endsAt <= now) return { kind: 'closed' } as const;
    await tx.update(signupDecoys).set({ status: 'cancelled', updatedAt: now }).where(eq(signupDecoys.id, decoyId));
    if (decoy.email) {
      const [owned] = await tx
        .select({ id: signups.id })
        .from(signups)
        .where(and(eq(signups.eventId, event.id), eq(signups.email, decoy.email), ne(signups.status, 'cancelled')))
        .limit(1);
      if (!owned)
        await enqueueMessage(tx as Db, {
          kind: 'signup-cancelled',
          recipient: decoy.email,
          language: decoy.language,
          eventId: event.id,
          // A real cancellation names who signed up; so must a decoy's, or it gives itself away.
          payload: { name: decoy.name },
        });
    }
    return { kind: 'cancelled', promoted: 0 } as const;
  });
}

export async function stopDecoyTextMessages(db: Db, decoyId: string): Promise<void> {
  await db.update(signupDecoys).set({ smsOff: true, updatedAt: new Date() }).where(eq(signupDecoys.id, decoyId));
}

export async function stopDecoyReminders(db: Db, decoyId: string): Promise<void> {
  await db.update(signupDecoys).set({ remindersOff: true, updatedAt: new Date() }).where(eq(signupDecoys.id, decoyId));
}
