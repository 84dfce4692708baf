import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { signups } from '#db/schema/signups.ts';
import { events } from '#db/schema/events.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { enqueueMessages } from '#features/mail/outbox.ts';

// A message is a few paragraphs, not a newsletter.
export const MESSAGE_MAX = 2_000;
export type Audience = 'confirmed' | 'waitlisted' | 'all';

export type MessageOutcome =
  | { kind: 'queued'; emailed: number; phoneOnly: number }
  | { kind: 'empty' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/** A leader's message to those coming, those waiting, or both: one queued email each. */
export async function messageAttendees(db: Db, actor: Actor, eventId: string, to: Audience, text: string): Promise<MessageOutcome> {
  const body = text.replace(/\r\n/g, '\n').trim().slice(0, MESSAGE_MAX);
  if (!body) return { kind: 'empty' };
  const statuses = to === 'all' ? (['confirmed', 'waitlisted'] as const) : ([to] as const);
  return db.transaction(async (tx) => {
    const [event] = await tx.select({ hubId: events.hubId, groupId: events.groupId }).from(events).where(eq(events.id, eventId));
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    const people = await tx
      .select({ id: signups.id, email: signups.email, phone: signups.phone, language: signups.language })
      .from(signups)
      .where(and(eq(signups.eventId, eventId), inArray(signups.status, [...statuses])));
    const withEmail = people.filter((p) => p.email);
    await enqueueMessages(
      tx as Db,
      withEmail.map((p) => ({
        kind: 'leader-message',
        recipient: p.email!,
        language: p.language,
        signupId: p.id,
        eventId,
        payload: { text: body },
      })),
    );
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'event.message',
      entity: 'event',
      entityId: eventId,
      details: { to, emailed: withEmail.length },
    });
    // Walk-ins added without any contact cannot be reached at all: they are not "phone only".
    return { kind: 'queued', emailed: withEmail.length, phoneOnly: people.filter((p) => !p.email && p.phone).length } as const;
  });
}
