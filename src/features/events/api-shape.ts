import { TZDate } from '@date-fns/tz';
import type { events } from '#db/schema/events.ts';
import type { Translated } from '#db/schema/translated.ts';

type EventRow = typeof events.$inferSelect;
/** The columns the API shows; a full row and a listing summary both have them. */
type ApiEventSource = Pick<
  EventRow,
  | 'id'
  | 'slug'
  | 'title'
  | 'summary'
  | 'startsAt'
  | 'endsAt'
  | 'spokenLanguages'
  | 'interpreter'
  | 'audiences'
  | 'mode'
  | 'capacity'
  | 'seatsTaken'
  | 'waitlist'
  | 'waitingCount'
  | 'maxPartySize'
  | 'costCents'
  | 'status'
  | 'sequence'
>;

/** An ISO 8601 time with the hub's offset (e.g. 2027-03-28T10:00:00+03:00). */
export function isoInZone(instant: Date, timeZone: string): string {
  return new TZDate(instant.getTime(), timeZone).toISOString().replace(/\.\d{3}(?=[+-]|Z)/, '');
}

/** The JSON API's shape of an event (CONTRACT.md). */
export function toApiEvent(
  e: ApiEventSource,
  refs: { category: string; place: string | null; group: string | null; publicUrl: string; timeZone: string },
) {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title as Translated,
    summary: e.summary as Translated,
    start: isoInZone(e.startsAt, refs.timeZone),
    end: isoInZone(e.endsAt, refs.timeZone),
    category: refs.category,
    spokenLanguages: e.spokenLanguages,
    interpreter: e.interpreter,
    audiences: e.audiences,
    place: refs.place,
    group: refs.group,
    mode: e.mode,
    capacity: e.capacity,
    seatsLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.seatsTaken),
    waitlist: e.waitlist,
    waiting: e.waitingCount,
    maxPartySize: e.maxPartySize,
    costCents: e.costCents,
    status: e.status,
    sequence: e.sequence,
    url: `${refs.publicUrl}/fi/events/${e.slug}`,
  };
}

export type ApiEvent = ReturnType<typeof toApiEvent>;
