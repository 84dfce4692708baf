import { TZDate } from '@date-fns/tz';
import type { Frequency } from '#db/schema/series.ts';
import { addDays, isoWeekday } from '#features/events/hub-days.ts';

// Two years of weekly sessions; a longer series is a mistake more often than a plan.
export const MAX_OCCURRENCES = 110;

export interface Rule {
  frequency: Frequency;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Monthly only: the nth such weekday (1–4), or -1 for the last. */
  nth: number | null;
  firstDate: string;
  lastDate: string;
  skipDates: string[];
}

function monthlyDates(rule: Rule): string[] {
  const out: string[] = [];
  const [fy, fm] = rule.firstDate.split('-').map(Number) as [number, number];
  for (let i = 0; out.length <= MAX_OCCURRENCES && i < 48; i++) {
    const y = fy + Math.floor((fm - 1 + i) / 12);
    const m = ((fm - 1 + i) % 12) + 1;
    const days: string[] = [];
    for (let d = 1; d <= 31; d++) {
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCMonth() !== m - 1) break;
      const day = date.toISOString().slice(0, 10);
      if (isoWeekday(day) === rule.weekday) days.push(day);
    }
    const pick = rule.nth === -1 ? days.at(-1) : days[(rule.nth ?? 1) - 1];
    if (!pick || pick < rule.firstDate) continue;
    if (pick > rule.lastDate) break;
    out.push(pick);
  }
  return out;
}

/** The hub-local dates a rule makes, skipped dates left out. */
export function occurrenceDates(rule: Rule): string[] {
  let dates: string[];
  if (rule.frequency === 'monthly') dates = monthlyDates(rule);
  else {
    dates = [];
    let day = rule.firstDate;
    while (isoWeekday(day) !== rule.weekday) day = addDays(day, 1);
    const step = rule.frequency === 'weekly' ? 7 : 14;
    for (; day <= rule.lastDate && dates.length <= MAX_OCCURRENCES; day = addDays(day, step)) dates.push(day);
  }
  const skip = new Set(rule.skipDates);
  return dates.filter((d) => !skip.has(d)).slice(0, MAX_OCCURRENCES);
}

/** A session's start and end: the same wall-clock time on each date, whatever the DST offset. */
export function sessionTimes(day: string, startTime: string, durationMinutes: number, timeZone: string) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = startTime.split(':').map(Number) as [number, number];
  const startsAt = new Date(new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime());
  return { startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
}
