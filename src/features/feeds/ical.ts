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

/**
 * An RFC 5545 calendar in the hub's zone. Times are passed as TZDate in that zone with a
 * VTIMEZONE from timezones-ical-library (a plain Date with a zone is written wrong).
 */
export function buildCalendar(options: { name: string; timeZone: string; events: IcalEvent[]; method?: 'publish' }): string {
  const calendar = ical({ name: options.name, prodId: { company: 'Tori', product: 'Tori', language: 'EN' } });
  if (options.method) calendar.method(ICalCalendarMethod.PUBLISH);
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
      stamp: e.updatedAt,
    });
  }
  return calendar.toString();
}
