import { TZDate } from '@date-fns/tz';
import { uiLanguages } from '../../i18n/languages.ts';
import { isValidDay } from './hub-days.ts';

/** The leaders' event form, turned into the JSON the API takes (then validated by the same zod schema). */
export function eventFromForm(form: FormData, timeZone: string): { body: Record<string, unknown>; errors: Record<string, string> } {
  const text = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)).trim() : '');
  const perLanguage = (field: string) => Object.fromEntries(uiLanguages.map((l) => [l, text(`${field}_${l}`)]).filter(([, v]) => v));
  const errors: Record<string, string> = {};
  const day = text('date');
  const at = (time: string) => {
    if (!isValidDay(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    return new TZDate(y, m - 1, d, hh, mm, 0, timeZone).toISOString();
  };
  const start = at(text('start'));
  const end = at(text('end'));
  if (!start) errors.start = 'date and time as YYYY-MM-DD and HH:MM';
  if (!end) errors.end = 'time as HH:MM';
  const number = (name: string) => (text(name) === '' ? null : /^\d{1,5}$/.test(text(name)) ? Number(text(name)) : NaN);
  const euros = text('cost').replace(',', '.');
  const costCents = euros === '' ? null : /^\d{1,4}(\.\d{1,2})?$/.test(euros) ? Math.round(Number(euros) * 100) : NaN;
  const mode = text('mode') === 'signup' ? 'signup' : 'dropin';
  const body: Record<string, unknown> = {
    title: perLanguage('title'),
    summary: perLanguage('summary'),
    description: perLanguage('description'),
    whatToBring: perLanguage('bring'),
    category: text('category'),
    group: text('group') || null,
    place: text('place') || null,
    start: start ?? undefined,
    end: end ?? undefined,
    mode,
    capacity: mode === 'signup' ? number('capacity') : null,
    waitlist: form.get('waitlist') === 'on',
    maxPartySize: number('maxPartySize') ?? 6,
    spokenLanguages: form.getAll('spoken').filter((v): v is string => typeof v === 'string'),
    interpreter: form.get('interpreter') === 'on',
    audiences: form.getAll('audience').filter((v): v is string => typeof v === 'string'),
    costCents,
    // Empty: the hub's default reminders.
    reminderHours: number('reminderHours'),
    morningReminder: text('morningReminder') === 'yes' ? true : text('morningReminder') === 'no' ? false : null,
  };
  return { body, errors };
}
