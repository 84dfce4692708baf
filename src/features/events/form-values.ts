import type { events } from '#db/schema/events.ts';
import type { Translated } from '#db/schema/translated.ts';
import { formatTime } from '#i18n/format.ts';
import { formTranslated } from '#features/admin/form-fields.ts';
import { hubDay } from './hub-days.ts';
import { formText } from '#lib/forms.ts';

/**
 * What the leaders' event form shows in its fields, as text: from a stored event, or, after a
 * refused post, exactly what was typed, so a leader never writes eight titles twice.
 */
export interface EventFormValues {
  title: Translated;
  summary: Translated;
  description: Translated;
  bring: Translated;
  /** The picture's text for those who cannot see it, per language. */
  pictureAlt: Translated;
  /** The stored event has a picture (shown, with a "remove" box). */
  hasPicture: boolean;
  /** The language the leader writes in first ('' until chosen: the form decides). */
  sourceLang: string;
  category: string;
  group: string;
  place: string;
  date: string;
  start: string;
  end: string;
  mode: 'dropin' | 'signup';
  capacity: string;
  maxPartySize: string;
  cost: string;
  waitlist: boolean;
  /** Hub-local `YYYY-MM-DDTHH:MM`, '' for none (opens at once, closes when the event starts). */
  signupOpens: string;
  signupCloses: string;
  spoken: string[];
  interpreter: boolean;
  audiences: string[];
  reminderHours: string;
  morningReminder: '' | 'yes' | 'no';
  repeat: string;
  nth: string;
  until: string;
  skip: string;
  scope: 'this' | 'following';
}

export const newEventValues: EventFormValues = {
  title: {},
  summary: {},
  description: {},
  bring: {},
  pictureAlt: {},
  hasPicture: false,
  sourceLang: '',
  category: '',
  group: '',
  place: '',
  date: '',
  start: '',
  end: '',
  mode: 'dropin',
  capacity: '',
  maxPartySize: '6',
  cost: '',
  waitlist: true,
  signupOpens: '',
  signupCloses: '',
  spoken: ['fi'],
  interpreter: false,
  audiences: ['everyone'],
  reminderHours: '',
  morningReminder: '',
  repeat: '',
  nth: '1',
  until: '',
  skip: '',
  scope: 'this',
};

type StoredEvent = typeof events.$inferSelect & { categorySlug: string; groupSlug: string | null; placeSlug: string | null };

/** An instant as the hub-local `YYYY-MM-DDTHH:MM` a datetime-local input shows. */
function localMinute(instant: Date, timeZone: string): string {
  return `${hubDay(instant, timeZone)}T${formatTime(instant, 'en', timeZone).replace('.', ':')}`;
}

export function valuesFromEvent(event: StoredEvent, timeZone: string): EventFormValues {
  const time = (d: Date) => formatTime(d, 'en', timeZone).replace('.', ':');
  return {
    title: event.title,
    summary: event.summary,
    description: event.description,
    bring: event.whatToBring,
    pictureAlt: event.pictureAlt,
    hasPicture: event.pictureId !== null,
    sourceLang: '',
    category: event.categorySlug,
    group: event.groupSlug ?? '',
    place: event.placeSlug ?? '',
    date: hubDay(event.startsAt, timeZone),
    start: time(event.startsAt),
    end: time(event.endsAt),
    mode: event.mode,
    capacity: event.capacity === null ? '' : String(event.capacity),
    maxPartySize: String(event.maxPartySize),
    cost: event.costCents ? (event.costCents / 100).toFixed(2) : '',
    waitlist: event.waitlist,
    signupOpens: event.signupOpensAt ? localMinute(event.signupOpensAt, timeZone) : '',
    signupCloses: event.signupClosesAt ? localMinute(event.signupClosesAt, timeZone) : '',
    spoken: event.spokenLanguages,
    interpreter: event.interpreter,
    audiences: event.audiences,
    reminderHours: event.reminderHours === null ? '' : String(event.reminderHours),
    morningReminder: event.morningReminder === null ? '' : event.morningReminder ? 'yes' : 'no',
    repeat: '',
    nth: '1',
    until: '',
    skip: '',
    scope: 'this',
  };
}

export function valuesFromForm(form: FormData): EventFormValues {
  const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');
  const morning = formText(form, 'morningReminder');
  return {
    title: formTranslated(form, 'title'),
    summary: formTranslated(form, 'summary'),
    description: formTranslated(form, 'description'),
    bring: formTranslated(form, 'bring'),
    pictureAlt: formTranslated(form, 'pictureAlt'),
    hasPicture: form.get('hasPicture') === 'yes',
    sourceLang: formText(form, 'sourceLang'),
    category: formText(form, 'category'),
    group: formText(form, 'group'),
    place: formText(form, 'place'),
    date: formText(form, 'date'),
    start: formText(form, 'start'),
    end: formText(form, 'end'),
    mode: formText(form, 'mode') === 'signup' ? 'signup' : 'dropin',
    capacity: formText(form, 'capacity'),
    maxPartySize: formText(form, 'maxPartySize'),
    cost: formText(form, 'cost'),
    waitlist: form.get('waitlist') === 'on',
    signupOpens: formText(form, 'signupOpens'),
    signupCloses: formText(form, 'signupCloses'),
    spoken: all('spoken'),
    interpreter: form.get('interpreter') === 'on',
    audiences: all('audience'),
    reminderHours: formText(form, 'reminderHours'),
    morningReminder: morning === 'yes' || morning === 'no' ? morning : '',
    repeat: formText(form, 'repeat'),
    nth: formText(form, 'nth'),
    until: formText(form, 'until'),
    skip: formText(form, 'skip'),
    scope: formText(form, 'scope') === 'following' ? 'following' : 'this',
  };
}
