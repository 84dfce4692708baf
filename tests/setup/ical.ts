import ICAL from 'ical.js';

/** Parses a calendar as Thunderbird would, with its own VTIMEZONEs registered for TZID lookups. */
export function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const prop = (name: string) => calendar.getFirstPropertyValue(name);
  return { calendar, events, prop };
}

export type ParsedEvent = ReturnType<typeof parseCalendar>['events'][number];

/** What a test compares: UID, instants, SEQUENCE, STATUS, and the texts. */
export function eventFacts(e: ParsedEvent) {
  return {
    uid: e.uid,
    start: e.startDate.toJSDate().getTime(),
    end: e.endDate.toJSDate().getTime(),
    tzid: e.component.getFirstProperty('dtstart')?.getParameter('tzid'),
    endTzid: e.component.getFirstProperty('dtend')?.getParameter('tzid'),
    sequence: e.sequence,
    status: e.component.getFirstPropertyValue('status'),
    summary: e.summary,
    description: e.description,
    location: e.location,
    url: e.component.getFirstPropertyValue('url'),
  };
}
