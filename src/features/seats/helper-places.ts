import { eq, ne, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { helperOffers, helperTasks } from '#db/schema/helpers.ts';
import { lockEvent, type LockedEvent } from './lock.ts';

export type LockedTask = typeof helperTasks.$inferSelect;
export type LockedOffer = typeof helperOffers.$inferSelect;

/**
 * Helper places are seats of their own kind (decision 031): the event first, then the task,
 * then the offer, always in that order and FOR NO KEY UPDATE like sign-ups (decision 017), so
 * two leaders confirming at once queue behind each other and never deadlock.
 */
export async function lockOfferTaskEvent(
  tx: Db,
  offerId: string,
  eventId?: string,
): Promise<{ event: LockedEvent; task: LockedTask; offer: LockedOffer } | null> {
  const [ref] = await tx
    .select({ taskId: helperTasks.id, eventId: helperTasks.eventId })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .where(eq(helperOffers.id, offerId));
  if (!ref || (eventId && ref.eventId !== eventId)) return null;
  const event = await lockEvent(tx, ref.eventId);
  const [task] = await tx.select().from(helperTasks).where(eq(helperTasks.id, ref.taskId)).for('no key update');
  const [offer] = await tx.select().from(helperOffers).where(eq(helperOffers.id, offerId)).for('no key update');
  return event && task && offer ? { event, task, offer } : null;
}

/** The event, then the task, locked in the same order as `lockOfferTaskEvent` (an invitation's answer). */
export async function lockTaskEvent(tx: Db, taskId: string): Promise<{ event: LockedEvent; task: LockedTask } | null> {
  const [ref] = await tx.select({ eventId: helperTasks.eventId }).from(helperTasks).where(eq(helperTasks.id, taskId));
  if (!ref) return null;
  const event = await lockEvent(tx, ref.eventId);
  const [task] = await tx.select().from(helperTasks).where(eq(helperTasks.id, taskId)).for('no key update');
  return event && task ? { event, task } : null;
}

/** Places of a locked task still free. */
export const freePlaces = (task: Pick<LockedTask, 'needed' | 'confirmed'>) => Math.max(0, task.needed - task.confirmed);

/**
 * The only writer of `helper_tasks.confirmed`: +1 when an offer becomes confirmed, −1 when a
 * confirmed one ends. The caller holds the task lock; the CHECK refuses going over `needed`.
 */
export async function moveConfirmed(tx: Db, taskId: string, delta: 1 | -1): Promise<void> {
  await tx
    .update(helperTasks)
    .set({ confirmed: sql`${helperTasks.confirmed} + ${delta}` })
    .where(eq(helperTasks.id, taskId));
}

/** Tasks whose counter disagrees with their confirmed offers; empty when all is well. */
export async function findBrokenHelperCounters(db: Db): Promise<{ taskId: string; confirmed: number; actual: number }[]> {
  const actual = sql<number>`(count(${helperOffers.id}) FILTER (WHERE ${helperOffers.status} = 'confirmed' AND NOT ${helperOffers.decoy}))::int`;
  const rows = await db
    .select({ taskId: helperTasks.id, confirmed: helperTasks.confirmed, actual })
    .from(helperTasks)
    .leftJoin(helperOffers, eq(helperOffers.taskId, helperTasks.id))
    .groupBy(helperTasks.id)
    .having(ne(helperTasks.confirmed, actual));
  return rows.map((r) => ({ ...r, actual: Number(r.actual) }));
}
