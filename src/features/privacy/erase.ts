import { and, eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signupDecoys } from '#db/schema/signup-decoys.ts';
import { feedbackLinks } from '#db/schema/feedback.ts';
import { signups, signupTokens } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { recount } from '#features/seats/counters.ts';
import { lockSignupAndEvent } from '#features/seats/lock.ts';
import { promoteFromWaitlist } from '#features/seats/promote.ts';
import type { Managed } from '#features/signups/managed.ts';
import { retentionDaysOf } from './settings.ts';

/**
 * "Delete my data" from a manage link (decision 025). Before the event ends the sign-up is
 * cancelled first, so its seats go to the waiting list (seats/). Then, whenever it is asked,
 * the row keeps only what the figures need (party size, status, attendance, language) and loses
 * name, contacts and answers, exactly as retention would do later; its manage links, its queued
 * and sent messages, and decoys of the same event holding the same contact go. The leader's
 * list shows "removed by the person". No message confirms it: there is no address left.
 */
export async function eraseSignup(db: Db, signupId: string, now = new Date()): Promise<{ kind: 'erased' } | { kind: 'not-found' }> {
  return db.transaction(async (tx) => {
    const locked = await lockSignupAndEvent(tx as Db, signupId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, signup } = locked;
    const live = signup.status !== 'cancelled';
    const before = event.endsAt > now;
    if (live && before) {
      await tx.update(signups).set({ status: 'cancelled', cancelledAt: now }).where(eq(signups.id, signupId));
      await recount(tx as Db, event.id, signup, null);
      if (signup.status === 'confirmed') await promoteFromWaitlist(tx as Db, event.id, now);
    }
    await tx
      .update(signups)
      .set({
        name: '',
        email: null,
        phone: null,
        answers: {},
        remindersOff: true,
        anonymizedAt: now,
        removedByPerson: true,
        updatedAt: now,
      })
      .where(eq(signups.id, signupId));
    await tx.delete(signupTokens).where(eq(signupTokens.signupId, signupId));
    await tx.delete(feedbackLinks).where(eq(feedbackLinks.signupId, signupId));
    await tx.delete(outbox).where(eq(outbox.signupId, signupId));
    const sameContact: SQL[] = [];
    if (signup.email) sameContact.push(eq(signupDecoys.email, signup.email));
    if (signup.phone) sameContact.push(eq(signupDecoys.phone, signup.phone));
    if (sameContact.length) await tx.delete(signupDecoys).where(and(eq(signupDecoys.eventId, event.id), or(...sameContact)));
    // A repeat's own confirmation was sent to the address with no sign-up id (decision 015).
    for (const contact of [signup.email, signup.phone]) {
      if (contact) await tx.delete(outbox).where(and(eq(outbox.eventId, event.id), eq(outbox.recipient, contact)));
    }
    await recordChange(tx as Db, {
      hubId: event.hubId,
      userId: null,
      action: 'signup.erased',
      entity: 'signup',
      entityId: signupId,
      details: { cancelled: live && before },
    });
    return { kind: 'erased' } as const;
  });
}

/** A decoy's "delete my data": the decoy goes, answered exactly like a sign-up's (decision 015). */
export async function eraseDecoy(db: Db, decoyId: string): Promise<{ kind: 'erased' } | { kind: 'not-found' }> {
  const gone = await db.delete(signupDecoys).where(eq(signupDecoys.id, decoyId)).returning({ id: signupDecoys.id });
  return gone.length ? { kind: 'erased' } : { kind: 'not-found' };
}

export const eraseManaged = (db: Db, m: Pick<Managed, 'id' | 'decoy'>) => (m.decoy ? eraseDecoy(db, m.id) : eraseSignup(db, m.id));

/**
 * "Download my data": everything kept about this sign-up, as JSON. The same fields for a sign-up
 * and a decoy, so the file does not tell them apart either.
 */
export async function exportManaged(db: Db, m: Managed): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ event: events, hub: hubs })
    .from(events)
    .innerJoin(hubs, eq(hubs.id, events.hubId))
    .where(eq(events.id, m.eventId));
  if (!row) return null;
  const days = retentionDaysOf(row.hub);
  return {
    event: { title: row.event.title, startsAt: row.event.startsAt.toISOString(), endsAt: row.event.endsAt.toISOString() },
    signup: {
      name: m.name,
      email: m.email,
      phone: m.phone,
      adults: m.adults,
      children: m.children,
      smallChildren: m.smallChildren,
      status: m.status,
      waitingListPosition: m.position,
      remindersOff: m.remindersOff,
      answers: m.answers,
    },
    retention: { days, deletedAfter: new Date(row.event.endsAt.getTime() + days * 86_400_000).toISOString() },
    controller: { name: row.hub.controllerName || row.hub.name, contact: row.hub.controllerContact },
  };
}
