import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { events } from '../../db/schema/events.ts';
import { can, type Action } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session.ts';

export type EventAccess = { kind: 'allowed'; event: typeof events.$inferSelect } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Finds an event and checks the user may do `action` on it (policy.ts decides). */
export async function eventAccess(db: Db, user: SessionUser, eventId: string, action: Action): Promise<EventAccess> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) return { kind: 'not-found' };
  if (!(await can(db, user, action, { hubId: event.hubId, groupId: event.groupId }))) return { kind: 'forbidden' };
  return { kind: 'allowed', event };
}
