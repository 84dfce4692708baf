import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export interface IcalEvent {
  id: string;
  title: string;
  description: string;
  location: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  updatedAt: Date;
}

export interface CalendarOptions {
  name: string;
  timeZone: string;
  events: IcalEvent[];
  /** PUBLISH for a one-off file (an email attachment, "add to my calendar"); none for a subscription. */
  method?: 'publish';
  description?: string;
  /** How often subscribers should fetch again (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
  refreshSeconds?: number;
}

/**
 * ical-generator writes the calendar's NAME, X-WR-CALNAME and X-WR-CALDESC as given; a comma,
 * semicolon or line break in a hub's or feed's name would break the file (or add properties).
 */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * An RFC 5545 calendar in the hub's zone. Times are passed as TZDate in that zone with a
 * VTIMEZONE from timezones-ical-library (a plain Date with a zone is written wrong).
 */
export function buildCalendar(options: CalendarOptions): string {
  const calendar = ical({ name: escapeText(options.name), prodId: { company: 'Tori', product: 'Tori', language: 'EN' } });
  if (options.method) calendar.method(ICalCalendarMethod.PUBLISH);
  if (options.description) calendar.description(escapeText(options.description));
  if (options.refreshSeconds) calendar.ttl(options.refreshSeconds);
  calendar.timezone({ name: null, generator: (tz: string) => tzlib_get_ical_block(tz)[0] ?? null });
  for (const e of options.events) {
    calendar.createEvent({
      // The event's id never changes, so neither does its UID.
      id: `${e.id}@tori`,
      start: new TZDate(e.startsAt.getTime(), options.timeZone),
      end: new TZDate(e.endsAt.getTime(), options.timeZone),
      timezone: options.timeZone,
      summary: e.title,
      description: e.description,
      location: e.location || null,
      url: e.url,
      sequence: e.sequence,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      lastModified: e.updatedAt,
      // The time of the event's last change, not of the request: the same data gives the same
      // bytes, so the feed's ETag stays valid until something really changes.
      stamp: e.updatedAt,
    });
  }
  return calendar.toString();
}
