import { and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { feedback } from '#db/schema/feedback.ts';
import { groups } from '#db/schema/groups.ts';
import { countGroups, headcounts } from '#db/schema/headcounts.ts';
import { places } from '#db/schema/places.ts';
import { signups } from '#db/schema/signups.ts';
import type { Translated } from '#db/schema/translated.ts';
import type { Actor } from '#features/auth/policy.ts';
import { volunteerHoursByMonth, type VolunteerMonth } from '#features/helpers/queries.ts';
import { hubDay, isValidDay, startOfHubDay, startOfNextHubDay } from '#features/events/hub-days.ts';
import { reportScope } from './scope.ts';

// Longest range one report covers: enough for a funder's several-year view, not a whole table scan by accident.
export const REPORT_MAX_DAYS = 3_700;

export interface ReportEvent {
  id: string;
  day: string;
  title: Translated;
  mode: 'dropin' | 'signup';
  capacity: number | null;
  categoryId: string;
  groupId: string | null;
  placeId: string | null;
  spokenLanguages: string[];
  /** People of confirmed parties (walk-ins too) who came or are not marked yet, plus drop-in head counts. */
  participants: number;
  came: number;
  noShows: number;
  unmarked: number;
  waitingParties: number;
  waitingPeople: number;
  headcount: number;
  /** Answers to "How was it?" and the sum of their scores (decision 027). */
  feedbackAnswers: number;
  feedbackSum: number;
}

export interface ReportData {
  from: string;
  to: string;
  events: ReportEvent[];
  categories: { id: string; name: Translated }[];
  groups: { id: string; name: Translated }[];
  places: { id: string; name: Translated }[];
  countGroups: { id: string; label: Translated; n: number }[];
  /** Head counts kept without a count group (a hub that has none, or had none then). */
  uncountedGroupTotal: number;
  chosenLanguages: { language: string; parties: number; people: number }[];
  firstTime: { first: number; returning: number; unknown: number };
  /** Feedback comments, oldest first: shown to the group's leaders and the coordinator only. */
  feedbackComments: { eventId: string; score: number; comment: string }[];
  /** Confirmed volunteer hours by month (decision 031), oldest first. */
  volunteers: VolunteerMonth[];
}

export type ReportOutcome = { kind: 'report'; data: ReportData } | { kind: 'forbidden' } | { kind: 'invalid-range' };

const people = sql<number>`(${signups.adults} + ${signups.children} + ${signups.smallChildren})`;
const sumWhere = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${people}) FILTER (WHERE ${cond}), 0)::int`;
const sumOf = (value: ReturnType<typeof sql>, cond: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(${value}) FILTER (WHERE ${cond}), 0)::int`;

/**
 * The figures of the events that start within [from, to] (hub-local days, decision 003), of the
 * groups the actor may read. Everything is counted from rows that retention keeps: sign-ups
 * lose names and contacts but keep party sizes, statuses, attendance and language; head counts
 * hold no personal data (decision 024).
 */
export async function buildReport(
  db: Db,
  actor: Actor,
  args: { hubId: string; timeZone: string; from: string; to: string; groupId: string | null },
): Promise<ReportOutcome> {
  const scope = reportScope(actor, args.hubId, args.groupId);
  if (scope.kind === 'forbidden') return scope;
  if (!isValidDay(args.from) || !isValidDay(args.to) || args.from > args.to) return { kind: 'invalid-range' };
  const start = startOfHubDay(args.from, args.timeZone);
  const end = startOfNextHubDay(args.to, args.timeZone);
  if (end.getTime() - start.getTime() > REPORT_MAX_DAYS * 86_400_000) return { kind: 'invalid-range' };

  const where = and(
    eq(events.hubId, args.hubId),
    gte(events.startsAt, start),
    lt(events.startsAt, end),
    ne(events.status, 'cancelled'),
    scope.kind === 'groups' ? inArray(events.groupId, scope.groupIds) : undefined,
  );
  const inRange = db.select({ id: events.id }).from(events).where(where);
  const [rows, counts, heads, langs, firsts, cats, grps, plcs, cgs, answers, comments, volunteers] = await Promise.all([
    db
      .select({
        id: events.id,
        startsAt: events.startsAt,
        title: events.title,
        mode: events.mode,
        capacity: events.capacity,
        categoryId: events.categoryId,
        groupId: events.groupId,
        placeId: events.placeId,
        spokenLanguages: events.spokenLanguages,
      })
      .from(events)
      .where(where)
      .orderBy(asc(events.startsAt), asc(events.id)),
    db
      .select({
        eventId: signups.eventId,
        // People, not parties: a party of three where two came counts 2 came and 1 no-show (decision 029).
        participants: sumOf(sql`coalesce(${signups.attendedPeople}, ${people})`, sql`${signups.status} = 'confirmed'`),
        came: sumOf(sql`${signups.attendedPeople}`, sql`${signups.status} = 'confirmed' AND ${signups.attended} IS NOT NULL`),
        noShows: sumOf(
          sql`${people} - ${signups.attendedPeople}`,
          sql`${signups.status} = 'confirmed' AND ${signups.attended} IS NOT NULL`,
        ),
        unmarked: sumWhere(sql`${signups.status} = 'confirmed' AND ${signups.attended} IS NULL`),
        waitingPeople: sumWhere(sql`${signups.status} = 'waitlisted'`),
        waitingParties: sql<number>`(count(*) FILTER (WHERE ${signups.status} = 'waitlisted'))::int`,
      })
      .from(signups)
      .where(inArray(signups.eventId, inRange))
      .groupBy(signups.eventId),
    db
      .select({ eventId: headcounts.eventId, slot: headcounts.slot, n: headcounts.n })
      .from(headcounts)
      .where(inArray(headcounts.eventId, inRange)),
    db
      .select({ language: signups.language, parties: sql<number>`count(*)::int`, people: sql<number>`coalesce(sum(${people}), 0)::int` })
      .from(signups)
      .where(and(inArray(signups.eventId, inRange), ne(signups.status, 'cancelled'), eq(signups.walkIn, false)))
      .groupBy(signups.language)
      .orderBy(sql`count(*) DESC`, asc(signups.language)),
    db
      .select({ firstTime: signups.firstTime, n: sql<number>`count(*)::int` })
      .from(signups)
      .where(and(inArray(signups.eventId, inRange), ne(signups.status, 'cancelled'), eq(signups.walkIn, false)))
      .groupBy(signups.firstTime),
    db
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(eq(categories.hubId, args.hubId))
      .orderBy(asc(categories.position), asc(categories.slug)),
    db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.hubId, args.hubId)).orderBy(asc(groups.slug)),
    db.select({ id: places.id, name: places.name }).from(places).where(eq(places.hubId, args.hubId)).orderBy(asc(places.slug)),
    db
      .select({ id: countGroups.id, label: countGroups.label })
      .from(countGroups)
      .where(eq(countGroups.hubId, args.hubId))
      .orderBy(asc(countGroups.position), asc(countGroups.id)),
    db
      .select({ eventId: feedback.eventId, n: sql<number>`count(*)::int`, sum: sql<number>`coalesce(sum(${feedback.score}), 0)::int` })
      .from(feedback)
      .where(inArray(feedback.eventId, inRange))
      .groupBy(feedback.eventId),
    db
      .select({ eventId: feedback.eventId, score: feedback.score, comment: feedback.comment })
      .from(feedback)
      .where(and(inArray(feedback.eventId, inRange), ne(feedback.comment, '')))
      .orderBy(asc(feedback.createdAt), asc(feedback.id)),
    volunteerHoursByMonth(db, {
      hubId: args.hubId,
      timeZone: args.timeZone,
      start,
      end,
      groupIds: scope.kind === 'groups' ? scope.groupIds : null,
    }),
  ]);
  const answersByEvent = new Map(answers.map((a) => [a.eventId, a]));
  const byEvent = new Map(counts.map((c) => [c.eventId, c]));
  const headByEvent = new Map<string, number>();
  const bySlot = new Map<string, number>();
  for (const h of heads) {
    headByEvent.set(h.eventId, (headByEvent.get(h.eventId) ?? 0) + h.n);
    bySlot.set(h.slot, (bySlot.get(h.slot) ?? 0) + h.n);
  }
  const list: ReportEvent[] = rows.map((r) => {
    const c = byEvent.get(r.id);
    const headcount = headByEvent.get(r.id) ?? 0;
    return {
      id: r.id,
      day: hubDay(r.startsAt, args.timeZone),
      title: r.title,
      mode: r.mode,
      capacity: r.capacity,
      categoryId: r.categoryId,
      groupId: r.groupId,
      placeId: r.placeId,
      spokenLanguages: r.spokenLanguages,
      participants: Number(c?.participants ?? 0) + headcount,
      came: Number(c?.came ?? 0),
      noShows: Number(c?.noShows ?? 0),
      unmarked: Number(c?.unmarked ?? 0),
      waitingParties: Number(c?.waitingParties ?? 0),
      waitingPeople: Number(c?.waitingPeople ?? 0),
      headcount,
      feedbackAnswers: Number(answersByEvent.get(r.id)?.n ?? 0),
      feedbackSum: Number(answersByEvent.get(r.id)?.sum ?? 0),
    };
  });
  const firstTime = { first: 0, returning: 0, unknown: 0 };
  for (const f of firsts) firstTime[f.firstTime === true ? 'first' : f.firstTime === false ? 'returning' : 'unknown'] += Number(f.n);
  const usedGroups = new Set(list.map((e) => e.groupId));
  return {
    kind: 'report',
    data: {
      from: args.from,
      to: args.to,
      events: list,
      categories: cats,
      groups: grps.filter((g) => scope.kind === 'hub' || usedGroups.has(g.id) || scope.groupIds.includes(g.id)),
      places: plcs,
      countGroups: cgs.map((g) => ({ ...g, n: bySlot.get(g.id) ?? 0 })),
      uncountedGroupTotal: bySlot.get('') ?? 0,
      chosenLanguages: langs.map((l) => ({ language: l.language, parties: Number(l.parties), people: Number(l.people) })),
      firstTime,
      feedbackComments: comments,
      volunteers,
    },
  };
}

/** The groups an actor may pick in the report form: every group for the coordinator, their own for a leader. */
export async function reportGroupChoices(db: Db, actor: Actor, hubId: string) {
  const scope = reportScope(actor, hubId, null);
  if (scope.kind === 'forbidden') return [];
  const rows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.hubId, hubId)).orderBy(asc(groups.slug));
  return scope.kind === 'hub' ? rows : rows.filter((g) => scope.groupIds.includes(g.id));
}

/** The report form's range when none is given: the twelve months up to today (hub-local). */
export function defaultReportRange(now: Date, timeZone: string): { from: string; to: string } {
  const to = hubDay(now, timeZone);
  const [y, m] = to.split('-').map(Number) as [number, number];
  const startMonth = new Date(Date.UTC(y, m - 1 - 11, 1));
  return { from: startMonth.toISOString().slice(0, 10), to };
}
