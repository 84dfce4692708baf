import { and, asc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers, helperTasks, helperTokens } from '#db/schema/helpers.ts';
import { UUID } from '#features/http/json.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';

export type Task = typeof helperTasks.$inferSelect;
export type Offer = typeof helperOffers.$inferSelect;

/** An event's tasks in the order they were added. */
export async function eventTasks(db: Db, eventId: string): Promise<Task[]> {
  return db.select().from(helperTasks).where(eq(helperTasks.eventId, eventId)).orderBy(asc(helperTasks.createdAt), asc(helperTasks.id));
}

/** The leader's view: each task with its real offers (decoys are never listed). */
export async function eventHelpers(db: Db, eventId: string): Promise<(Task & { offers: Offer[] })[]> {
  const tasks = await eventTasks(db, eventId);
  if (tasks.length === 0) return [];
  const offers = await db
    .select({ offer: helperOffers })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .where(and(eq(helperTasks.eventId, eventId), eq(helperOffers.decoy, false)))
    .orderBy(asc(helperOffers.createdAt), asc(helperOffers.id));
  return tasks.map((task) => ({ ...task, offers: offers.map((o) => o.offer).filter((o) => o.taskId === task.id) }));
}

/** The offer behind a manage link (a decoy too: the page must not show which), with its task and event. */
export async function offerByToken(db: Db, token: string) {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({ offer: helperOffers, task: helperTasks, event: events })
    .from(helperTokens)
    .innerJoin(helperOffers, eq(helperOffers.id, helperTokens.offerId))
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .where(eq(helperTokens.tokenHash, hashToken(token)));
  return row ?? null;
}

export type RecordRow = { offerId: string; task: Task; event: typeof events.$inferSelect; status: Offer['status']; minutes: number | null };

/**
 * The helper's record seen from one of their links: every real offer in the hub that went to
 * the same email or phone (the link only ever reaches that contact, so holding it shows the
 * contact is theirs). A decoy's link shows the decoy alone.
 */
export async function helperRecord(db: Db, offer: Offer, hubId: string): Promise<RecordRow[]> {
  const rows = await db
    .select({ offer: helperOffers, task: helperTasks, event: events })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .where(
      offer.decoy || !offer.reach
        ? eq(helperOffers.id, offer.id)
        : and(eq(helperOffers.reach, offer.reach), eq(helperOffers.decoy, false), eq(events.hubId, hubId)),
    )
    .orderBy(asc(events.startsAt), asc(helperOffers.id));
  return rows.map((r) => ({ offerId: r.offer.id, task: r.task, event: r.event, status: r.offer.status, minutes: r.offer.minutes }));
}

export interface VolunteerMonth {
  month: string;
  /** Different people: by their contact; an anonymised offer counts as one of its own. */
  helpers: number;
  /** Confirmed offers with hours (one person helping at three sessions is three). */
  tasks: number;
  minutes: number;
}

/**
 * Confirmed volunteer time per month (hub time) of the events starting in [start, end) of
 * the hub, or of some of its groups: the report's table (decision 031). Only confirmed real
 * offers with hours count; a decoy never has any. Cancelled events count too: hours a leader
 * confirmed were worked, and the certificates show them. Retention keeps these rows; a
 * helper's own erasure keeps the hours without the person.
 */
export async function volunteerHoursByMonth(
  db: Db,
  args: { hubId: string; timeZone: string; start: Date; end: Date; groupIds: string[] | null },
): Promise<VolunteerMonth[]> {
  const month = sql<string>`to_char(${events.startsAt} AT TIME ZONE ${args.timeZone}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      helpers: sql<number>`(count(DISTINCT ${helperOffers.reach}) + count(*) FILTER (WHERE ${helperOffers.reach} IS NULL))::int`,
      tasks: sql<number>`count(*)::int`,
      minutes: sql<number>`coalesce(sum(${helperOffers.minutes}), 0)::int`,
    })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .where(
      and(
        eq(events.hubId, args.hubId),
        gte(events.startsAt, args.start),
        lt(events.startsAt, args.end),
        args.groupIds ? inArray(events.groupId, args.groupIds) : undefined,
        eq(helperOffers.status, 'confirmed'),
        eq(helperOffers.decoy, false),
        isNotNull(helperOffers.minutes),
      ),
    )
    // By position: the month expression carries the time zone as a parameter, and a repeated
    // parameter is not the same expression to PostgreSQL.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ month: r.month, helpers: Number(r.helpers), tasks: Number(r.tasks), minutes: Number(r.minutes) }));
}

/** What a queued message about an offer needs to know when its turn comes (decision 031). */
export async function offerState(db: Db, offerId: unknown): Promise<Pick<Offer, 'status' | 'anonymizedAt'> | undefined> {
  if (typeof offerId !== 'string' || !UUID.test(offerId)) return undefined;
  const [row] = await db
    .select({ status: helperOffers.status, anonymizedAt: helperOffers.anonymizedAt })
    .from(helperOffers)
    .where(eq(helperOffers.id, offerId));
  return row;
}
