import { and, asc, eq, gt, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { feedTokens } from '#db/schema/feed-tokens.ts';
import { places } from '#db/schema/places.ts';
import { groupMembers, users } from '#db/schema/users.ts';
import type { UserActor } from '#features/auth/policy.ts';
import { addDays, hubDay, startOfHubDay } from '#features/events/hub-days.ts';
import { queryEvents, resolveFilters } from '#features/events/queries.ts';
import type { EventFilters } from '#features/events/schema.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';
import { FEED_MAX_EVENTS, FEED_PAST_DAYS } from './schema.ts';

export type FeedRow = { event: typeof events.$inferSelect; place: typeof places.$inferSelect | null };

/** The hub-local day a feed starts on when no `from` is given. */
export function feedWindowStart(now: Date, timeZone: string): string {
  return addDays(hubDay(now, timeZone), -FEED_PAST_DAYS);
}

/** The listing's filters as a feed reads them: a month back unless `from` says otherwise; no pages. */
export function feedFilters(filters: EventFilters, now: Date, timeZone: string): EventFilters {
  const { page: _page, ...rest } = filters;
  return { ...rest, from: filters.from ?? feedWindowStart(now, timeZone) };
}

async function rowsByIds(db: Db, ids: string[]): Promise<FeedRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({ event: events, place: places })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .where(inArray(events.id, ids))
    .orderBy(asc(events.startsAt), asc(events.id));
}

/**
 * The public programme for a feed. The listing's own query picks the events, so a feed and the
 * listing with the same filters always agree; then the full rows are read for the descriptions.
 */
export async function publicFeedRows(db: Db, hubId: string, filters: EventFilters, now: Date, timeZone: string): Promise<FeedRow[]> {
  const q = resolveFilters(feedFilters(filters, now, timeZone), now, timeZone);
  const picked = await queryEvents(db, hubId, { ...q, limit: FEED_MAX_EVENTS });
  return rowsByIds(
    db,
    picked.map((e) => e.id),
  );
}

/**
 * A leader's events: those of the groups they run (as on their manage page, drafts included);
 * a coordinator's: every event of the hub.
 */
export async function privateFeedRows(
  db: Db,
  actor: Pick<UserActor, 'userId' | 'role' | 'hubId'>,
  now: Date,
  timeZone: string,
): Promise<FeedRow[]> {
  const mine =
    actor.role === 'admin'
      ? undefined
      : inArray(events.groupId, db.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, actor.userId)));
  return db
    .select({ event: events, place: places })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .where(and(eq(events.hubId, actor.hubId), gt(events.endsAt, startOfHubDay(feedWindowStart(now, timeZone), timeZone)), mine))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(FEED_MAX_EVENTS);
}

/**
 * When the public programme last changed: the newest change of any of the hub's events
 * (unpublished too, so taking one off the programme counts), or the start of the window (events
 * leave a feed as the window moves on). Never later than now: a `from` in the future must not
 * make every change before that day look old to `If-Modified-Since`.
 */
export async function publicFeedLastModified(db: Db, hubId: string, windowStart: Date, now: Date): Promise<Date> {
  const [row] = await db
    .select({ at: max(events.updatedAt) })
    .from(events)
    .where(eq(events.hubId, hubId));
  const newest = row?.at ? new Date(row.at) : windowStart;
  const latest = newest > windowStart ? newest : windowStart;
  return latest > now ? now : latest;
}

/** The owner of a live feed token; null for anything else (malformed, unknown, revoked, disabled). */
export async function feedTokenOwner(db: Db, token: string): Promise<{ tokenId: string; user: typeof users.$inferSelect } | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({ tokenId: feedTokens.id, user: users })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, hashToken(token)), isNull(feedTokens.revokedAt), isNull(users.disabledAt)));
  return row ?? null;
}

/** A person's feed tokens, newest first; revoked ones stay listed with their time. */
export async function listFeedTokens(db: Db, userId: string) {
  return db
    .select({
      id: feedTokens.id,
      name: feedTokens.name,
      createdAt: feedTokens.createdAt,
      lastUsedAt: feedTokens.lastUsedAt,
      revokedAt: feedTokens.revokedAt,
    })
    .from(feedTokens)
    .where(eq(feedTokens.userId, userId))
    .orderBy(sql`${feedTokens.revokedAt} IS NOT NULL`, sql`${feedTokens.createdAt} DESC`);
}
