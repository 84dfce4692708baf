import type { Db } from '#db/client.ts';
import { addDays, hubDay, startOfHubDay, startOfNextHubDay } from './hub-days.ts';
import { queryEvents, type EventSummary } from './queries.ts';

export interface DropinGroup {
  group: NonNullable<EventSummary['group']>;
  sessions: EventSummary[];
}

/**
 * The home page: what is still on today, the rest of the week, and the drop-in hours.
 * The week lists every session, the groups' drop-ins included: a day whose only programme is
 * the café or an advice hour is still a day with something on (it used to be left out, so
 * such days vanished from "this week").
 */
export async function getHomeProgramme(db: Db, hubId: string, now: Date, timeZone: string) {
  const today = hubDay(now, timeZone);
  const tomorrow = startOfNextHubDay(today, timeZone);
  const weekEnd = startOfHubDay(addDays(today, 7), timeZone);
  const [todays, week, dropins] = await Promise.all([
    queryEvents(db, hubId, { endsAfter: now, startsBefore: tomorrow }),
    queryEvents(db, hubId, { endsAfter: tomorrow, startsBefore: weekEnd }),
    queryEvents(db, hubId, { endsAfter: now, startsBefore: weekEnd, onlyGroupDropins: true }),
  ]);
  const byGroup = new Map<string, DropinGroup>();
  for (const session of dropins) {
    if (!session.group || session.status === 'cancelled') continue;
    const entry = byGroup.get(session.group.slug) ?? { group: session.group, sessions: [] };
    entry.sessions.push(session);
    byGroup.set(session.group.slug, entry);
  }
  return { today: todays, week, weekDays: daysWithEvents(week, timeZone), dropins: [...byGroup.values()] };
}

/** The hub-local days (`yyyy-mm-dd`, in order) on which at least one of the events starts. */
export function daysWithEvents(list: EventSummary[], timeZone: string): string[] {
  return [...new Set(list.map((e) => hubDay(e.startsAt, timeZone)))];
}
