import { hubInstant, isValidDay } from './hub-days.ts';
import { valuesFromForm, type EventFormValues } from './form-values.ts';

/** The leaders' event form, turned into the JSON the API takes (then validated by the same zod schema). */
export function eventFromForm(form: FormData, timeZone: string): { body: Record<string, unknown>; errors: Record<string, string> } {
  return eventFromValues(valuesFromForm(form), timeZone);
}

function eventFromValues(v: EventFormValues, timeZone: string): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const at = (time: string) => {
    if (!isValidDay(v.date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
    return hubInstant(v.date, time, timeZone).toISOString();
  };
  // A datetime-local value (`YYYY-MM-DDTHH:MM`, seconds allowed) in the hub's zone; '' is none.
  const localInstant = (text: string): string | null | undefined => {
    if (text === '') return null;
    const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?$/.exec(text);
    if (!m || !isValidDay(m[1]!)) return undefined;
    return hubInstant(m[1]!, `${m[2]}:${m[3]}`, timeZone).toISOString();
  };
  const signupOpensAt = localInstant(v.signupOpens);
  const signupClosesAt = localInstant(v.signupCloses);
  if (signupOpensAt === undefined) errors.signupOpensAt = 'date and time as YYYY-MM-DDTHH:MM';
  if (signupClosesAt === undefined) errors.signupClosesAt = 'date and time as YYYY-MM-DDTHH:MM';
  const start = at(v.start);
  const end = at(v.end);
  if (!start) errors.start = 'date and time as YYYY-MM-DD and HH:MM';
  if (!end) errors.end = 'time as HH:MM';
  const number = (text: string) => (text === '' ? null : /^\d{1,5}$/.test(text) ? Number(text) : NaN);
  const euros = v.cost.replace(',', '.');
  const costCents = euros === '' ? null : /^\d{1,4}(\.\d{1,2})?$/.test(euros) ? Math.round(Number(euros) * 100) : NaN;
  const body: Record<string, unknown> = {
    title: v.title,
    summary: v.summary,
    description: v.description,
    whatToBring: v.bring,
    category: v.category,
    group: v.group || null,
    place: v.place || null,
    start: start ?? undefined,
    end: end ?? undefined,
    mode: v.mode,
    capacity: v.mode === 'signup' ? number(v.capacity) : null,
    waitlist: v.waitlist,
    signupOpensAt: signupOpensAt ?? null,
    signupClosesAt: signupClosesAt ?? null,
    maxPartySize: number(v.maxPartySize) ?? 6,
    spokenLanguages: v.spoken,
    interpreter: v.interpreter,
    audiences: v.audiences,
    costCents,
    // Empty: the hub's default reminders.
    reminderHours: number(v.reminderHours),
    morningReminder: v.morningReminder === 'yes' ? true : v.morningReminder === 'no' ? false : null,
  };
  return { body, errors };
}
