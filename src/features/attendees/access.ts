import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { can, type Action, type Actor } from '#features/auth/policy.ts';

export type EventRow = typeof events.$inferSelect;
export type EventAccess = { kind: 'allowed'; event: EventRow } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Finds an event and checks the actor may do `action` on it (policy.ts decides). */
export async function eventAccess(db: Db, actor: Actor, eventId: string, action: Action, lock = false): Promise<EventAccess> {
  const query = db.select().from(events).where(eq(events.id, eventId));
  const [event] = lock ? await query.for('no key update') : await query;
  if (!event) return { kind: 'not-found' };
  if (!can(actor, action, { hubId: event.hubId, groupId: event.groupId })) return { kind: 'forbidden' };
  return { kind: 'allowed', event };
}
