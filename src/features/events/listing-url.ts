import type { EventFilters } from './schema.ts';

/** The listing's address for a set of filters (pagination, links from other pages). */
export function listingUrl(lang: string, filters: EventFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || (name === 'page' && value === 1)) continue;
    params.set(name, String(value));
  }
  const query = params.toString();
  return `/${lang}/events${query ? `?${query}` : ''}`;
}
