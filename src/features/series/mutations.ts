import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { hubTimeZone } from '#features/hubs/queries.ts';
import { series } from '#db/schema/series.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { createEvent, updateEvent, type EditOutcome } from '#features/events/editing.ts';
import type { EventPatch, NewEventInput } from '#features/events/input.ts';
import { occurrenceDates, sessionTimes, type Rule } from './occurrences.ts';

// Rolls the whole series back when one session cannot be made (its outcome says why).
class SeriesAbort extends Error {
  readonly outcome: Exclude<EditOutcome, { kind: 'ok' }>;
  constructor(outcome: Exclude<EditOutcome, { kind: 'ok' }>) {
    super(outcome.kind);
    this.outcome = outcome;
  }
}

// The series row's CHECK (5 minutes to a day), said as a field message instead of a failed insert.
const sessionLengthOk = (minutes: number) => minutes >= 5 && minutes <= 1440;
const SESSION_LENGTH_MESSAGE = 'must be 5 minutes to 24 hours after the start';

// The series row's CHECK on nth, likewise said as a field message.
const nthOk = (nth: number | null) => nth === -1 || (nth !== null && Number.isInteger(nth) && nth >= 1 && nth <= 4);
const NTH_MESSAGE = 'one of 1, 2, 3, 4 or last';

export type SeriesInput = Rule & { startTime: string; durationMinutes: number };
export type SeriesOutcome = { kind: 'ok'; seriesId: string; eventIds: string[] } | Exclude<EditOutcome, { kind: 'ok' }> | { kind: 'empty' };

/** Creates a series and one event per date, each a full event (own sign-ups, own cancellation). */
export async function createSeries(
  db: Db,
  actor: Actor,
  template: Omit<NewEventInput, 'start' | 'end' | 'slug'> & { slug: string },
  rule: SeriesInput,
): Promise<SeriesOutcome> {
  if (!sessionLengthOk(rule.durationMinutes)) return { kind: 'invalid', errors: { end: SESSION_LENGTH_MESSAGE } };
  // Each session's createEvent asks the policy too; this refuses before the series row is made.
  if (actor.kind !== 'user') return { kind: 'forbidden' };
  if (rule.frequency === 'monthly' && !nthOk(rule.nth)) return { kind: 'invalid', errors: { nth: NTH_MESSAGE } };
  const dates = occurrenceDates(rule);
  if (dates.length === 0) return { kind: 'empty' };
  return db
    .transaction(async (tx) => {
      const timeZone = await hubTimeZone(tx as Db, actor.hubId);
      const [row] = await tx
        .insert(series)
        .values({
          hubId: actor.hubId,
          frequency: rule.frequency,
          weekday: rule.weekday,
          nth: rule.nth,
          startTime: rule.startTime,
          durationMinutes: rule.durationMinutes,
          firstDate: rule.firstDate,
          lastDate: rule.lastDate,
          skipDates: rule.skipDates,
        })
        .returning({ id: series.id });
      const eventIds: string[] = [];
      for (const day of dates) {
        const { startsAt, endsAt } = sessionTimes(day, rule.startTime, rule.durationMinutes, timeZone);
        const made = await createEvent(tx as Db, actor, { ...template, slug: `${template.slug}-${day}`, start: startsAt, end: endsAt });
        if (made.kind !== 'ok') throw new SeriesAbort(made);
        await tx.update(events).set({ seriesId: row!.id, occurrence: day }).where(eq(events.id, made.eventId));
        eventIds.push(made.eventId);
      }
      const [first] = await tx.select({ groupId: events.groupId }).from(events).where(eq(events.id, eventIds[0]!));
      await tx
        .update(series)
        .set({ groupId: first?.groupId ?? null })
        .where(eq(series.id, row!.id));
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: 'series.create',
        entity: 'series',
        entityId: row!.id,
        details: { sessions: dates.length },
      });
      return { kind: 'ok', seriesId: row!.id, eventIds } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof SeriesAbort) return error.outcome;
      throw error;
    });
}

/**
 * "This and following": applies a change to the session on `fromDate` and every later one.
 * Earlier sessions, and their sign-ups, are left as they are. A new start time or length moves
 * each session on its own date (and tells its attendees, like any moved event).
 */
export async function editSeriesFrom(
  db: Db,
  actor: Actor,
  seriesId: string,
  fromDate: string,
  change: { patch?: Omit<EventPatch, 'start' | 'end' | 'slug'>; startTime?: string; durationMinutes?: number },
): Promise<
  { kind: 'ok'; edited: number } | { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> }
> {
  const [row] = await db.select().from(series).where(eq(series.id, seriesId));
  if (!row) return { kind: 'not-found' };
  if (!can(actor, 'event:edit', row)) return { kind: 'forbidden' };
  const timeZone = await hubTimeZone(db, row.hubId);
  const sessions = await db
    .select({ id: events.id, occurrence: events.occurrence })
    .from(events)
    .where(and(eq(events.seriesId, seriesId), gte(events.occurrence, fromDate)))
    .orderBy(asc(events.occurrence));
  const startTime = change.startTime ?? row.startTime;
  const duration = change.durationMinutes ?? row.durationMinutes;
  if (!sessionLengthOk(duration)) return { kind: 'invalid', errors: { end: SESSION_LENGTH_MESSAGE } };
  return db
    .transaction(async (tx) => {
      for (const s of sessions) {
        const times = change.startTime || change.durationMinutes ? sessionTimes(s.occurrence!, startTime, duration, timeZone) : null;
        const outcome = await updateEvent(tx as Db, actor, s.id, {
          ...change.patch,
          ...(times ? { start: times.startsAt, end: times.endsAt } : {}),
        });
        if (outcome.kind !== 'ok') throw new SeriesAbort(outcome);
      }
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: 'series.edit-from',
        entity: 'series',
        entityId: seriesId,
        details: { fromDate, sessions: sessions.length },
      });
      return { kind: 'ok', edited: sessions.length } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof SeriesAbort)
        return error.outcome as { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> };
      throw error;
    });
}
