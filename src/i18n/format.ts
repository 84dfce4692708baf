import { catalogs } from './catalog.ts';
import type { Lang } from './languages.ts';

// Dates are read the Finnish way: the hub's time zone and the Gregorian calendar in every
// language (Persian would otherwise default to the Solar Hijri calendar).
function locale(lang: Lang): string {
  return `${catalogs[lang].meta.locale}-u-ca-gregory`;
}

export function formatDay(date: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(date);
}

export function formatDate(date: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    timeZone,
  }).format(date);
}

export function formatTime(date: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
}

export function formatTimeRange(start: Date, end: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).formatRange(start, end);
}

export function formatDateTimeRange(start: Date, end: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatRange(start, end);
}

export function formatMoney(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(catalogs[lang].meta.locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The name of a language (spoken at an event) in the visitor's language. */
export function languageName(code: string, lang: Lang): string {
  try {
    const name = new Intl.DisplayNames([catalogs[lang].meta.locale], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}
