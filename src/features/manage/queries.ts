import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { headcounts } from '#db/schema/headcounts.ts';
import type { Translated } from '#db/schema/translated.ts';
import { groupMembers } from '#db/schema/users.ts';
import { can, type UserActor } from '#features/auth/policy.ts';
import { addDays, hubDay, startOfHubDay, startOfNextHubDay } from '#features/events/hub-days.ts';

/** The groups a person runs: all of the hub's for a coordinator. */
export async function listManagedGroups(db: Db, actor: UserActor) {
  return actor.role === 'admin'
    ? await db.select().from(groups).where(eq(groups.hubId, actor.hubId)).orderBy(asc(groups.slug))
    : await db
        .select({ g: groups })
        .from(groups)
        .innerJoin(groupMembers, eq(groupMembers.groupId, groups.id))
        .where(and(eq(groupMembers.userId, actor.userId), eq(groups.hubId, actor.hubId)))
        .orderBy(asc(groups.slug))
        .then((rows) => rows.map((r) => r.g));
}

// The later sessions shown under the week's: enough to plan ahead, not the whole season.
export const LATER_MAX = 30;

export interface AgendaEvent {
  id: string;
  slug: string;
  title: Translated;
  groupName: Translated | null;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  mode: 'dropin' | 'signup';
  capacity: number | null;
  seatsTaken: number;
  waitingCount: number;
  /** Visitors counted at a drop-in session so far. */
  headcount: number;
}

/**
 * The start of a leader's manage page (decision 029): today's sessions of their groups (a
 * coordinator: the whole hub's), then the next six days, then a few later ones; every one with
 * how many are coming or were counted. Sessions that began today stay in "today" after they end,
 * so attendance can still be marked.
 */
export async function getManageAgenda(db: Db, actor: UserActor, now: Date, timeZone: string) {
  const today = hubDay(now, timeZone);
  const empty = { today: [] as AgendaEvent[], week: [] as AgendaEvent[], later: [] as AgendaEvent[], more: false };
  const hubWide = can(actor, 'attendees:read', { hubId: actor.hubId, groupId: null });
  const groupIds = hubWide ? [] : (await listManagedGroups(db, actor)).map((g) => g.id);
  if (!hubWide && groupIds.length === 0) return empty;
  const startOfToday = startOfHubDay(today, timeZone);
  const rows = await db
    .select({
      id: events.id,
      hubId: events.hubId,
      groupId: events.groupId,
      slug: events.slug,
      title: events.title,
      groupName: groups.name,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      status: events.status,
      mode: events.mode,
      capacity: events.capacity,
      seatsTaken: events.seatsTaken,
      waitingCount: events.waitingCount,
    })
    .from(events)
    .leftJoin(groups, eq(groups.id, events.groupId))
    .where(and(eq(events.hubId, actor.hubId), gte(events.startsAt, startOfToday), hubWide ? undefined : inArray(events.groupId, groupIds)))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(AGENDA_MAX);
  const mine = rows.filter((r) => can(actor, 'attendees:read', { hubId: r.hubId, groupId: r.groupId }));
  const dropins = mine.filter((r) => r.mode === 'dropin' && r.startsAt < startOfHubDay(addDays(today, 7), timeZone)).map((r) => r.id);
  const counts = dropins.length
    ? await db
        .select({ eventId: headcounts.eventId, n: sql<number>`sum(${headcounts.n})::int` })
        .from(headcounts)
        .where(inArray(headcounts.eventId, dropins))
        .groupBy(headcounts.eventId)
    : [];
  const headcountOf = new Map(counts.map((c) => [c.eventId, Number(c.n)]));
  const list: AgendaEvent[] = mine.map(({ hubId: _h, groupId: _g, ...r }) => ({ ...r, headcount: headcountOf.get(r.id) ?? 0 }));
  const tomorrow = startOfNextHubDay(today, timeZone);
  const weekEnd = startOfHubDay(addDays(today, 7), timeZone);
  const later = list.filter((e) => e.startsAt >= weekEnd);
  return {
    today: list.filter((e) => e.startsAt < tomorrow),
    week: list.filter((e) => e.startsAt >= tomorrow && e.startsAt < weekEnd),
    later: later.slice(0, LATER_MAX),
    more: later.length > LATER_MAX,
  };
}

// Rows read for the agenda at most: a busy hub's week and a month after it.
const AGENDA_MAX = 400;
