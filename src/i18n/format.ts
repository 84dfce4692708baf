import { catalogs } from './catalog.ts';
import type { Lang } from './languages.ts';

// Dates are read the Finnish way: the hub's time zone and the Gregorian calendar in every
// language (Persian would otherwise default to the Solar Hijri calendar).
function locale(lang: Lang): string {
  return `${catalogs[lang].meta.locale}-u-ca-gregory`;
}

/*
 * Building an Intl formatter costs far more than using one (a listing prints hundreds of
 * dates), so each is made once per language, time zone and style and kept: the set is small
 * (8 languages × the hub's zone × a handful of styles) and formatters hold no per-call state.
 */
type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames | Intl.ListFormat;
const made = new Map<string, Formatter>();

function once<T extends Formatter>(key: string, make: () => T): T {
  let formatter = made.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    made.set(key, formatter);
  }
  return formatter;
}

const styles = {
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  weekday: { weekday: 'long' },
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
  date: { weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  // Text messages: every character costs.
  shortDateTime: { weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' },
  dateTime: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function dateFormat(style: keyof typeof styles, lang: Lang, timeZone: string): Intl.DateTimeFormat {
  return once(`d|${style}|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(locale(lang), { ...styles[style], timeZone }));
}

export function formatDay(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('day', lang, timeZone).format(date);
}

export function formatDate(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('date', lang, timeZone).format(date);
}

export function formatTime(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('time', lang, timeZone).format(date);
}

/** A moment written out: "torstai 3. joulukuuta 2026 klo 9.43". */
export function formatDateTime(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('dateTime', lang, timeZone).format(date);
}

export function formatTimeRange(start: Date, end: Date, lang: Lang, timeZone: string): string {
  return dateFormat('time', lang, timeZone).formatRange(start, end);
}

export function formatDateTimeRange(start: Date, end: Date, lang: Lang, timeZone: string): string {
  return dateFormat('dateTime', lang, timeZone).formatRange(start, end);
}

export function formatShortDateTime(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('shortDateTime', lang, timeZone).format(date);
}

export function formatMoney(cents: number, lang: Lang): string {
  const format = once(`m|${lang}`, () => new Intl.NumberFormat(catalogs[lang].meta.locale, { style: 'currency', currency: 'EUR' }));
  return format.format(cents / 100);
}

/** The name of a language (spoken at an event) in the visitor's language. */
export function languageName(code: string, lang: Lang): string {
  try {
    const names = once(`l|${lang}`, () => new Intl.DisplayNames([catalogs[lang].meta.locale], { type: 'language' }));
    const name = names.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/**
 * A list in the visitor's language: "suomi, arabia ja somali", "الفنلندية والعربية والصومالية"
 * (Arabic joins with its own comma and "و", never a Latin comma).
 */
export function formatList(items: readonly string[], lang: Lang, type: 'conjunction' | 'unit' = 'conjunction'): string {
  const format = once(`list|${type}|${lang}`, () => new Intl.ListFormat(catalogs[lang].meta.locale, { style: 'long', type }));
  return format.format(items);
}

/** A plain count in the visitor's language's digits and grouping. */
export function formatNumber(value: number, lang: Lang): string {
  const format = once(`n|${lang}`, () => new Intl.NumberFormat(catalogs[lang].meta.locale));
  return format.format(value);
}

/** The comma between phrases side by side in this language (Arabic and Persian "،"). */
export const phraseComma = (lang: Lang): string => (lang === 'ar' || lang === 'fa' ? '، ' : ', ');

/** Phrases side by side ("Today, Monday 5 May"), with the language's own comma (Arabic "،"). */
export function joinPhrases(parts: readonly string[], lang: Lang): string {
  return parts.join(phraseComma(lang));
}

/** The name of an ISO weekday (1 = Monday … 7 = Sunday) in the visitor's language. */
export function weekdayName(isoDay: number, lang: Lang): string {
  // 2024-01-01 was a Monday.
  return dateFormat('weekday', lang, 'UTC').format(new Date(Date.UTC(2024, 0, isoDay)));
}

/** A date written out with its year: "3. joulukuuta 2026". */
export function formatLongDate(date: Date, lang: Lang, timeZone: string): string {
  return dateFormat('longDate', lang, timeZone).format(date);
}
