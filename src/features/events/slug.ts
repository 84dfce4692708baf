import type { Translated } from '#db/schema/translated.ts';

/** A URL slug from a title: Latin letters without accents, digits and dashes (Arabic titles give "event"). */
export function slugFromTitle(title: Translated): string {
  const text = title.fi ?? title.en ?? Object.values(title).find(Boolean) ?? '';
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return slug.replace(/-$/, '') || 'event';
}
