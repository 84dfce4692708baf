import { isValidDay } from '#features/events/hub-days.ts';
import { frequencies, type Frequency } from '#db/schema/series.ts';
import type { SeriesInput } from './mutations.ts';

const NTH_CHOICES: Record<string, number> = { 1: 1, 2: 2, 3: 3, 4: 4, last: -1 };

/**
 * The "repeat" part of the leaders' event form. Null when the event does not repeat; field
 * errors when the rule is not complete.
 */
export function seriesRuleFromForm(form: FormData): {
  rule: Omit<SeriesInput, 'startTime' | 'durationMinutes' | 'weekday'> | null;
  errors: Record<string, string>;
} {
  const text = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)).trim() : '');
  const frequency = text('repeat');
  if (!frequencies.includes(frequency as Frequency)) return { rule: null, errors: {} };
  const firstDate = text('date');
  const lastDate = text('until');
  const skipDates = text('skip')
    .split(/[\s,،]+/)
    .filter(Boolean);
  const errors: Record<string, string> = {};
  if (!isValidDay(lastDate) || lastDate < firstDate) errors.until = 'a date (YYYY-MM-DD) on or after the first one';
  const badSkip = skipDates.find((d) => !isValidDay(d));
  if (badSkip) errors.skip = `not a date: ${badSkip.slice(0, 20)}`;
  // The form offers 1st to 4th or the last (a fifth weekday is missing from most months); anything
  // else is a field error here, never the series CHECK failing on insert.
  const nthText = text('nth') || '1';
  const nth = frequency === 'monthly' ? (Object.hasOwn(NTH_CHOICES, nthText) ? NTH_CHOICES[nthText]! : null) : null;
  if (frequency === 'monthly' && nth === null) errors.nth = 'one of 1, 2, 3, 4 or last';
  return { rule: { frequency: frequency as Frequency, nth, firstDate, lastDate, skipDates }, errors };
}
