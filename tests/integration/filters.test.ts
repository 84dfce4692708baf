import { describe, expect, it } from 'vitest';
import { dropUnknownSlugs } from '#features/events/filter-options.ts';
import { listingUrl } from '#features/events/listing-url.ts';
import { parseFilters } from '#features/events/parse-filters.ts';
import { MAX_QUERY_LENGTH } from '#features/events/schema.ts';

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe('listing filters from the query string', () => {
  it('takes every filter of the contract', () => {
    const { filters, ignored } = parse(
      'category=cafe&spoken=ar&audience=women&place=hall&group=cooks&mode=signup&from=2027-03-01&to=2027-03-31&q=tea&page=2',
    );
    expect(ignored).toEqual([]);
    expect(filters).toEqual({
      category: 'cafe',
      spoken: 'ar',
      audience: 'women',
      place: 'hall',
      group: 'cooks',
      mode: 'signup',
      from: '2027-03-01',
      to: '2027-03-31',
      q: 'tea',
      page: 2,
    });
  });

  it.each([
    ['category=<script>', 'category'],
    ['spoken=arabic', 'spoken'],
    ['audience=aliens', 'audience'],
    ['mode=maybe', 'mode'],
    ['from=2027-02-30', 'from'],
    ['to=31.3.2027', 'to'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page=99999999999', 'page'],
    ["place=x'; DROP TABLE events;--", 'place'],
  ])('drops a malformed value and says so: %s', (query, name) => {
    const { filters, ignored } = parse(query);
    expect(ignored).toEqual([name]);
    expect(Object.keys(filters)).toEqual([]);
  });

  it('drops an end date before the start date', () => {
    const { filters, ignored } = parse('from=2027-03-10&to=2027-03-01');
    expect(filters).toEqual({ from: '2027-03-10' });
    expect(ignored).toEqual(['to']);
  });

  it('cuts an over-long search at a character boundary and reports it', () => {
    const { filters, qShortened } = parse(`q=${encodeURIComponent('😀'.repeat(MAX_QUERY_LENGTH + 50))}`);
    expect(qShortened).toBe(true);
    expect(Array.from(filters.q!)).toHaveLength(MAX_QUERY_LENGTH);
    expect(filters.q!.isWellFormed()).toBe(true);
  });

  it('ignores empty values as if they were absent', () => {
    expect(parse('category=&q=%20%20&page=')).toEqual({ filters: {}, ignored: [], qShortened: false });
  });

  it('ignores well-formed slugs that name nothing in the hub', () => {
    const options = { categories: [{ slug: 'cafe', name: {} }], places: [], groups: [], spoken: [], interprets: [] };
    const result = dropUnknownSlugs(parse('category=cafe&place=moon&group=none'), options);
    expect(result.filters).toEqual({ category: 'cafe' });
    expect(result.ignored).toEqual(['place', 'group']);
  });

  it('builds listing links that parse back to the same filters', () => {
    const filters = { category: 'cafe', q: 'tea & cake', page: 3 };
    const url = new URL(listingUrl('ar', filters), 'http://x');
    expect(url.pathname).toBe('/ar/events');
    expect(parseFilters(url.searchParams).filters).toEqual(filters);
    expect(listingUrl('fi', { page: 1 })).toBe('/fi/events');
  });
});
