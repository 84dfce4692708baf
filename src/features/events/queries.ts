import { and, asc, count, eq, gt, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events, type EventMode, type EventStatus } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { helperTasks } from '#db/schema/helpers.ts';
import { places } from '#db/schema/places.ts';
import type { Translated } from '#db/schema/translated.ts';
import { startOfHubDay, startOfNextHubDay } from './hub-days.ts';
import { PAGE_SIZE, type EventFilters } from './schema.ts';
import { foldForSearch } from './search-text.ts';

export interface EventSummary {
  id: string;
  slug: string;
  title: Translated;
  summary: Translated;
  startsAt: Date;
  endsAt: Date;
  mode: EventMode;
  status: EventStatus;
  capacity: number | null;
  seatsTaken: number;
  waitlist: boolean;
  waitingCount: number;
  spokenLanguages: string[];
  interpreter: boolean;
  audiences: string[];
  costCents: number | null;
  maxPartySize: number;
  sequence: number;
  signupOpensAt: Date | null;
  signupClosesAt: Date | null;
  category: { slug: string; name: Translated; icon: string | null };
  place: { slug: string; name: Translated } | null;
  group: { slug: string; name: Translated } | null;
  /** A task of the event still needs helpers and offers are taken (decision 031). */
  helpersNeeded: boolean;
}

/** A resolved query: instants, not calendar days. */
export interface EventQuery extends Omit<EventFilters, 'from' | 'to' | 'page'> {
  endsAfter: Date;
  startsBefore?: Date;
  onlyGroupDropins?: boolean;
  limit?: number;
  offset?: number;
  /** Keyset paging (the API's cursor): only events after this one in (start, id) order. */
  after?: { startsAt: Date; id: string };
  /** The moment "still taking offers to help" is judged at (offers close when the event starts). */
  now?: Date;
}

const summaryColumns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  summary: events.summary,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  mode: events.mode,
  status: events.status,
  capacity: events.capacity,
  seatsTaken: events.seatsTaken,
  waitlist: events.waitlist,
  waitingCount: events.waitingCount,
  spokenLanguages: events.spokenLanguages,
  interpreter: events.interpreter,
  audiences: events.audiences,
  costCents: events.costCents,
  maxPartySize: events.maxPartySize,
  sequence: events.sequence,
  signupOpensAt: events.signupOpensAt,
  signupClosesAt: events.signupClosesAt,
  categorySlug: categories.slug,
  categoryName: categories.name,
  categoryIcon: categories.icon,
  placeSlug: places.slug,
  placeName: places.name,
  groupSlug: groups.slug,
  groupName: groups.name,
};

type SummaryRow = {
  [K in keyof typeof summaryColumns]:
    | (typeof summaryColumns)[K]['_']['data']
    | (K extends `place${string}` | `group${string}` ? null : never);
} & { helpersNeeded: boolean };

function toSummary(r: SummaryRow): EventSummary {
  const { categorySlug, categoryName, categoryIcon, placeSlug, placeName, groupSlug, groupName, ...rest } = r;
  return {
    ...rest,
    category: { slug: categorySlug, name: categoryName, icon: categoryIcon },
    place: placeSlug ? { slug: placeSlug, name: placeName ?? {} } : null,
    group: groupSlug ? { slug: groupSlug, name: groupName ?? {} } : null,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The event takes offers to help (scheduled, not begun) and has a task, of the kind and into the
 * language when given, that still needs helpers (decision 031).
 */
function helpersWanted(kind: EventFilters['help'], language: string | undefined, now: Date): SQL {
  const kindIs = kind && kind !== '1' ? sql` AND ${helperTasks.kind} = ${kind}` : sql``;
  const langIs = language ? sql` AND ${helperTasks.language} = ${language}` : sql``;
  return sql`(${events.status} = 'scheduled' AND ${events.startsAt} > ${now.toISOString()}::timestamptz AND EXISTS (SELECT 1 FROM ${helperTasks} WHERE ${helperTasks.eventId} = ${events.id} AND ${helperTasks.confirmed} < ${helperTasks.needed}${kindIs}${langIs}))`;
}

function conditions(hubId: string, q: EventQuery): SQL[] {
  const where: (SQL | undefined)[] = [
    eq(events.hubId, hubId),
    eq(events.published, true),
    gt(events.endsAt, q.endsAfter),
    q.startsBefore && lt(events.startsAt, q.startsBefore),
    q.category !== undefined ? eq(categories.slug, q.category) : undefined,
    q.spoken !== undefined ? sql`${events.spokenLanguages} @> ARRAY[${q.spoken}]::text[]` : undefined,
    q.audience !== undefined ? sql`${events.audiences} @> ARRAY[${q.audience}]::text[]` : undefined,
    q.place !== undefined ? eq(places.slug, q.place) : undefined,
    q.group !== undefined ? eq(groups.slug, q.group) : undefined,
    q.mode !== undefined ? eq(events.mode, q.mode) : undefined,
    q.help !== undefined || q.interprets !== undefined
      ? helpersWanted(q.interprets ? 'interpreter' : q.help, q.interprets, q.now ?? new Date())
      : undefined,
    q.q ? sql`${events.searchText} LIKE ${`%${escapeLike(foldForSearch(q.q))}%`} ESCAPE '\\'` : undefined,
    q.onlyGroupDropins ? and(eq(events.mode, 'dropin'), isNotNull(events.groupId)) : undefined,
    q.after ? sql`(${events.startsAt}, ${events.id}) > (${q.after.startsAt.toISOString()}::timestamptz, ${q.after.id}::uuid)` : undefined,
  ];
  return where.filter((c): c is SQL => c !== undefined);
}

export async function queryEvents(db: Db, hubId: string, q: EventQuery): Promise<EventSummary[]> {
  const rows = await db
    .select({ ...summaryColumns, helpersNeeded: sql<boolean>`${helpersWanted('1', undefined, q.now ?? new Date())}` })
    .from(events)
    .innerJoin(categories, eq(categories.id, events.categoryId))
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(groups, eq(groups.id, events.groupId))
    .where(and(...conditions(hubId, q)))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(q.limit ?? 500)
    .offset(q.offset ?? 0);
  return rows.map((r) => toSummary(r as SummaryRow));
}

export async function countEvents(db: Db, hubId: string, q: EventQuery): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .innerJoin(categories, eq(categories.id, events.categoryId))
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(groups, eq(groups.id, events.groupId))
    .where(and(...conditions(hubId, q)));
  return Number(row?.n ?? 0);
}

/** Turns listing filters (calendar days in the hub's zone) into a query over instants. */
export function resolveFilters(filters: EventFilters, now: Date, timeZone: string): EventQuery {
  const { from, to, page: _page, ...rest } = filters;
  return {
    ...rest,
    now,
    // Without a start day only what has not yet ended is shown: past events stay hidden.
    endsAfter: from ? startOfHubDay(from, timeZone) : now,
    startsBefore: to ? startOfNextHubDay(to, timeZone) : undefined,
  };
}

export interface EventPage {
  events: EventSummary[];
  total: number;
  page: number;
  pageCount: number;
}

export async function listEvents(
  db: Db,
  hubId: string,
  filters: EventFilters,
  options: { now: Date; timeZone: string; pageSize?: number },
): Promise<EventPage> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const q = resolveFilters(filters, options.now, options.timeZone);
  const total = await countEvents(db, hubId, q);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(filters.page ?? 1, pageCount);
  const list = await queryEvents(db, hubId, { ...q, limit: pageSize, offset: (page - 1) * pageSize });
  return { events: list, total, page, pageCount };
}
