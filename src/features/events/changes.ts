import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signups } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { notifyHelpers } from '#features/helpers/notify.ts';
import { enqueueMessages, reachOf } from '#features/mail/outbox.ts';
import { lockEvent } from '#features/seats/lock.ts';

/** Tells everyone signed up (or waiting), by email or text message, in the same transaction as the change. */
export async function notifyAttendees(tx: Db, eventId: string, kind: 'event-changed' | 'event-cancelled'): Promise<number> {
  const people = await tx
    .select({ id: signups.id, email: signups.email, phone: signups.phone, language: signups.language })
    .from(signups)
    .where(
      and(
        eq(signups.eventId, eventId),
        inArray(signups.status, ['confirmed', 'waitlisted']),
        or(isNotNull(signups.email), isNotNull(signups.phone)),
      ),
    );
  await enqueueMessages(
    tx,
    people.map((p) => ({ kind, ...reachOf(p)!, language: p.language, signupId: p.id, eventId })),
  );
  return people.length;
}

export type CancelEventOutcome =
  | { kind: 'cancelled'; notified: number }
  | { kind: 'already-cancelled' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/** Cancels an event: it stays listed, marked cancelled, with a higher SEQUENCE for calendars. */
export async function cancelEvent(db: Db, actor: Actor, eventId: string, now = new Date()): Promise<CancelEventOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'event:cancel', event)) return { kind: 'forbidden' } as const;
    if (event.status === 'cancelled') return { kind: 'already-cancelled' } as const;
    await tx
      .update(events)
      .set({ status: 'cancelled', sequence: sql`${events.sequence} + 1`, updatedAt: now })
      .where(eq(events.id, eventId));
    const notified = await notifyAttendees(tx as Db, eventId, 'event-cancelled');
    const helpers = await notifyHelpers(tx as Db, eventId, 'helper-event-cancelled');
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'event.cancel',
      entity: 'event',
      entityId: eventId,
      details: { notified, helpers },
    });
    return { kind: 'cancelled', notified } as const;
  });
}
