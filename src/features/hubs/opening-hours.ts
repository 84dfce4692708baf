import type { HoursException, Span, WeeklyHours } from '#db/schema/hubs.ts';
import { addDays, hubDay, hubInstant, isoWeekday, isValidDay } from '#features/events/hub-days.ts';

// The hub's opening hours: one span a weekday, and dated exceptions (a holiday closed, a short
// day). Times are the hub's wall clock in its own zone (decision 003), so a change to or from
// summer time moves nothing: 09:00 stays 09:00.

export type { HoursException, Span, WeeklyHours };
/** `HH:MM`, 24-hour clock. */
export type WallTime = string;

export type OpeningState =
  | { kind: 'unknown' }
  | { kind: 'open'; closesAt: Date }
  | { kind: 'closed'; opensAt: Date | null; opensDay: 'today' | 'tomorrow' | 'later' | null };

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** A typed time (`9.00`, `09:00`) as `HH:MM`, or null. */
export function wallTime(text: string): WallTime | null {
  const m = TIME.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

const minutes = (t: WallTime) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The span of one hub-local day, exceptions first; null: closed that day. */
export function spanOn(day: string, week: WeeklyHours, exceptions: readonly HoursException[]): Span | null {
  const exception = exceptions.find((e) => e.day === day);
  if (exception) return exception.span ?? null;
  return week[String(isoWeekday(day))] ?? null;
}

// Looking further than this for the next opening says nothing a visitor can use.
const LOOKAHEAD_DAYS = 14;

/**
 * Open now, or closed and when it opens next, at `now` (injectable for tests) in the hub's zone.
 * A span that closes at or before it opens runs past midnight (e.g. 18:00–02:00).
 */
export function openingState(week: WeeklyHours, exceptions: readonly HoursException[], timeZone: string, now: Date): OpeningState {
  const anyHours = Object.values(week).some(Boolean) || exceptions.some((e) => e.span);
  if (!anyHours) return { kind: 'unknown' };
  const today = hubDay(now, timeZone);
  // Yesterday's late span may still run.
  for (const day of [addDays(today, -1), today]) {
    const span = spanOn(day, week, exceptions);
    if (!span) continue;
    const opens = hubInstant(day, span.opens, timeZone);
    const closes = hubInstant(minutes(span.closes) <= minutes(span.opens) ? addDays(day, 1) : day, span.closes, timeZone);
    if (opens <= now && now < closes) return { kind: 'open', closesAt: closes };
  }
  for (let i = 0; i <= LOOKAHEAD_DAYS; i++) {
    const day = addDays(today, i);
    const span = spanOn(day, week, exceptions);
    if (!span) continue;
    const opens = hubInstant(day, span.opens, timeZone);
    if (opens > now) return { kind: 'closed', opensAt: opens, opensDay: i === 0 ? 'today' : i === 1 ? 'tomorrow' : 'later' };
  }
  return { kind: 'closed', opensAt: null, opensDay: null };
}

/** The exceptions textarea: one a line, `2026-12-24` (closed) or `2026-12-31 10:00-14:00`. */
export function parseExceptions(text: string): { ok: true; exceptions: HoursException[] } | { ok: false; line: number } {
  const exceptions: HoursException[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})(?:\s+(\S+?)\s*[-–]\s*(\S+))?$/.exec(line);
    if (!m || !isValidDay(m[1]!)) return { ok: false, line: index + 1 };
    if (m[2] === undefined) {
      exceptions.push({ day: m[1]! });
      continue;
    }
    const opens = wallTime(m[2]);
    const closes = wallTime(m[3]!);
    if (!opens || !closes || opens === closes) return { ok: false, line: index + 1 };
    exceptions.push({ day: m[1]!, span: { opens, closes } });
  }
  exceptions.sort((a, b) => a.day.localeCompare(b.day));
  return { ok: true, exceptions };
}

/** The exceptions as the coordinator typed them, for the form. */
export function exceptionsText(exceptions: readonly HoursException[]): string {
  return exceptions.map((e) => (e.span ? `${e.day} ${e.span.opens}-${e.span.closes}` : e.day)).join('\n');
}
