import { z } from 'zod';
import { defaultLang, isLang, type Lang } from '#i18n/languages.ts';

// Subscribers keep a month of history: last week's session stays in their calendar (and a
// cancellation there stays visible) instead of vanishing the moment it ends.
export const FEED_PAST_DAYS = 30;
// Calendar programs that honour it fetch hourly: a cancellation reaches them the same hour.
export const FEED_REFRESH_SECONDS = 60 * 60;
// A hub has hundreds of events a year; past this a feed is a mistake, not a programme.
export const FEED_MAX_EVENTS = 2000;
// Proxies may keep a public feed this long; calendar programs ask far less often anyway.
export const FEED_CACHE_CONTROL = 'public, max-age=300';
// Long enough for "Kela office laptop", short enough for a table cell.
export const FEED_NAME_MAX = 80;

/** `?lang=` of a public feed: one of the UI languages; anything else is the default, like a bad filter. */
export function feedLang(value: string | null): Lang {
  const wanted = value?.trim().toLowerCase();
  return isLang(wanted) ? wanted : defaultLang;
}

/** A feed token's name: one line, no control characters. */
export const feedNameSchema = z
  .string()
  // ZWNJ and ZWJ stay: Persian and Arabic words need them (as in sign-up names).
  .transform((s) =>
    s
      .replace(/[[\p{Cc}\p{Cf}]--[\u200c\u200d]]+/gv, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
  .pipe(z.string().min(1).max(FEED_NAME_MAX));
