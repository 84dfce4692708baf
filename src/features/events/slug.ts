import type { Translated } from '../../db/schema/translated.ts';

/** A URL slug from a title: Latin letters without accents, digits and dashes (Arabic titles give "event"). */
export function slugFromTitle(title: Translated): string {
  const text = title.fi ?? title.en ?? Object.values(title).find(Boolean) ?? '';
  const slug = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return slug.replace(/-$/, '') || 'event';
}

// What every slug looks like (the tables' CHECKs agree). A path segment that does not is no
// event, place or group: answered 404 without asking the database (which refuses a NUL).
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const isSlug = (text: string): boolean => text.length <= 200 && SLUG.test(text);
