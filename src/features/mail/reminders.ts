import { TZDate } from '@date-fns/tz';
import { and, eq, gt, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { issueManageLink } from '#features/signups/links.ts';
import { queuedKeys, reachOf } from './outbox.ts';

// Reminders are at most two weeks ahead (events.reminder_hours ≤ 336): look no further.
export const HORIZON_MS = 15 * 86_400_000;
// The morning reminder goes out at this hub-local hour on the event's day.
const MORNING_HOUR = 8;

type Kind = 'before' | 'morning';

/** When a sign-up's reminders fall due; a time at or after the start is no reminder. */
export function reminderTimes(
  startsAt: Date,
  timeZone: string,
  settings: { hours: number | null; morning: boolean },
): { kind: Kind; at: Date }[] {
  const times: { kind: Kind; at: Date }[] = [];
  if (settings.hours !== null && settings.hours > 0)
    times.push({ kind: 'before', at: new Date(startsAt.getTime() - settings.hours * 3_600_000) });
  if (settings.morning) {
    const local = new TZDate(startsAt.getTime(), timeZone);
    const at = new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), MORNING_HOUR, 0, 0, timeZone).getTime());
    if (at < startsAt) times.push({ kind: 'morning', at });
  }
  return times;
}

/** What the reminder times of an event read: the event's own settings, else its hub's. */
export const reminderTimingColumns = {
  eventId: events.id,
  hubId: events.hubId,
  sequence: events.sequence,
  startsAt: events.startsAt,
  eventHours: events.reminderHours,
  eventMorning: events.morningReminder,
  hubHours: hubs.reminderHours,
  hubMorning: hubs.morningReminder,
  timeZone: hubs.timezone,
};
interface ReminderTiming {
  startsAt: Date;
  timeZone: string;
  eventHours: number | null;
  eventMorning: boolean | null;
  hubHours: number | null;
  hubMorning: boolean;
}

/** Scheduled events starting within the reminder horizon: the only ones a reminder can be for. */
export const remindableEvents = (now: Date) =>
  and(eq(events.status, 'scheduled'), gt(events.startsAt, now), lte(events.startsAt, new Date(now.getTime() + HORIZON_MS)));

/** The reminders of an event that are due now for someone on its list since `since`. */
export function dueReminderKinds(c: ReminderTiming, now: Date, since: Date): Kind[] {
  return reminderTimes(c.startsAt, c.timeZone, { hours: c.eventHours ?? c.hubHours, morning: c.eventMorning ?? c.hubMorning })
    .filter(({ at }) => at <= now && since < at)
    .map(({ kind }) => kind);
}

/**
 * Queues the reminders that have come due. Each has a key of sign-up, kind and event version
 * (SEQUENCE), so running this again, on several workers or after a crash, adds none twice; a
 * moved event has a new version and so new reminders at its new time. A sign-up made after a
 * reminder's time gets none: its confirmation is enough.
 */
export async function scheduleReminders(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .select({
      signupId: signups.id,
      email: signups.email,
      phone: signups.phone,
      language: signups.language,
      createdAt: signups.createdAt,
      ...reminderTimingColumns,
    })
    .from(signups)
    .innerJoin(events, eq(events.id, signups.eventId))
    .innerJoin(hubs, eq(hubs.id, events.hubId))
    .where(
      and(
        eq(signups.status, 'confirmed'),
        // Phone-only sign-ups are reminded by text message, at the same times (decision 021).
        or(isNotNull(signups.email), isNotNull(signups.phone)),
        eq(signups.remindersOff, false),
        remindableEvents(now),
      ),
    );
  const due = candidates.flatMap((c) =>
    dueReminderKinds(c, now, c.createdAt).map((kind) => ({ c, dedupeKey: `reminder:${c.signupId}:${kind}:${c.sequence}` })),
  );
  if (due.length === 0) return 0;
  const known = await queuedKeys(
    db,
    due.map((d) => d.dedupeKey),
  );
  let queued = 0;
  for (const { c, dedupeKey } of due.filter((d) => !known.has(d.dedupeKey))) {
    const added = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(outbox)
        .values({
          kind: 'reminder',
          hubId: c.hubId,
          ...reachOf(c)!,
          language: c.language,
          signupId: c.signupId,
          eventId: c.eventId,
          runAfter: now,
          dedupeKey,
          payload: { sequence: c.sequence },
        })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      if (!row) return false;
      const link = await issueManageLink(tx as Db, c.signupId, c.language);
      await tx
        .update(outbox)
        .set({ payload: sql`jsonb_build_object('sequence', ${c.sequence}::int, 'manageUrl', ${link.url}::text)` })
        .where(eq(outbox.id, row.id));
      return true;
    });
    if (added) queued += 1;
  }
  return queued;
}
