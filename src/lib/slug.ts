import { z } from 'zod';

// What every slug looks like, in one place: the tables' CHECKs, the zod schemas, the OpenAPI
// document and the admin forms' `pattern` attribute are all built from this text.
export const SLUG_PATTERN = '[a-z0-9]+(-[a-z0-9]+)*';
const SLUG = new RegExp(`^${SLUG_PATTERN}$`);

// Places, groups and categories: typed by hand in the admin forms.
export const SLUG_MAX = 80;
// Events: made from a title (up to 60 characters) with room for a suffix that keeps it unique.
export const EVENT_SLUG_MAX = 100;

/** A slug as posted or sent to the API, at most `max` characters. */
export const slugSchema = (max: number) => z.string().regex(SLUG).max(max);

// A path segment that is not a slug is no event, place or group: answered 404 without asking
// the database (which refuses a NUL).
export const isSlug = (text: string): boolean => text.length <= 200 && SLUG.test(text);
