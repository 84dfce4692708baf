import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { hubDay, startOfHubDay, startOfNextHubDay } from '#features/events/hub-days.ts';
import { listEvents } from '#features/events/queries.ts';
import type { EventFilters } from '#features/events/schema.ts';
import { createTestDatabase } from '../setup/db.ts';
import { HELSINKI, helsinki, makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const now = helsinki(2027, 3, 20, 12, 0);

async function slugs(filters: EventFilters, at = now, pageSize?: number) {
  const page = await listEvents(handle.db, ids.hub.id, filters, { now: at, timeZone: HELSINKI, pageSize });
  return page.events.map((e) => e.slug);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const db = handle.db;
  await makeEvent(db, ids, helsinki(2027, 3, 10, 10), { slug: 'past-cafe', group: 'cafe-group' });
  await makeEvent(db, ids, helsinki(2027, 3, 20, 11), { slug: 'ongoing-now', hours: 3 });
  await makeEvent(db, ids, helsinki(2027, 3, 22, 10), {
    slug: 'cafe-monday',
    group: 'cafe-group',
    place: 'hall',
    spokenLanguages: ['fi', 'ar'],
    audiences: ['everyone'],
  });
  await makeEvent(db, ids, helsinki(2027, 3, 24, 17), {
    slug: 'cooking-class',
    category: 'cooking',
    group: 'cooks',
    place: 'kitchen',
    mode: 'signup',
    capacity: 12,
    spokenLanguages: ['ru'],
    audiences: ['women'],
    title: { fi: 'Kokkikurssi', en: 'Cooking class' },
    summary: { ru: 'ПРАЗДНИЧНЫЙ ужин' },
  });
  await makeEvent(db, ids, helsinki(2027, 3, 25, 9), {
    slug: 'lake-trip',
    category: 'excursion',
    mode: 'signup',
    capacity: 20,
    audiences: ['families'],
    title: { fi: 'Retki Äänekoskelle', ar: 'رحلة إلى البحيرة' },
    status: 'cancelled',
  });
  await makeEvent(db, ids, helsinki(2027, 3, 26, 9), { slug: 'hidden-draft', published: false });
  // Around the spring change (Sunday 28 March 2027, 03:00 → 04:00).
  await makeEvent(db, ids, helsinki(2027, 3, 27, 23, 30), { slug: 'spring-sat-late', hours: 0.25 });
  await makeEvent(db, ids, helsinki(2027, 3, 28, 0, 30), { slug: 'spring-sun-early', hours: 1 });
  await makeEvent(db, ids, helsinki(2027, 3, 28, 23, 30), { slug: 'spring-sun-late', hours: 0.25 });
  await makeEvent(db, ids, helsinki(2027, 3, 29, 0, 15), { slug: 'spring-mon-early', hours: 1 });
  // Around the autumn change (Sunday 31 October 2027, 04:00 → 03:00): a 25-hour day.
  await makeEvent(db, ids, helsinki(2027, 10, 30, 23, 50), { slug: 'autumn-sat-late', hours: 0.1 });
  await makeEvent(db, ids, helsinki(2027, 10, 31, 0, 30), { slug: 'autumn-sun-early', hours: 1 });
  await makeEvent(db, ids, helsinki(2027, 10, 31, 23, 30), { slug: 'autumn-sun-late', hours: 0.25 });
  await makeEvent(db, ids, helsinki(2027, 11, 1, 0, 10), { slug: 'autumn-mon-early', hours: 1 });
  const other = await makeHub(handle.db, 'other-hub');
  await makeEvent(db, other, helsinki(2027, 3, 22, 10), { slug: 'other-hubs-event' });
});

afterAll(async () => {
  await handle?.close();
});

describe('listing', () => {
  it('shows what has not ended yet, in time order, without drafts or other hubs', async () => {
    const list = await slugs({ to: '2027-03-26' });
    expect(list).toEqual(['ongoing-now', 'cafe-monday', 'cooking-class', 'lake-trip']);
  });

  it('keeps cancelled events, marked cancelled', async () => {
    const page = await listEvents(handle.db, ids.hub.id, { category: 'excursion' }, { now, timeZone: HELSINKI });
    expect(page.events.map((e) => [e.slug, e.status])).toEqual([['lake-trip', 'cancelled']]);
  });

  it('shows past events only when the date range asks for them', async () => {
    expect(await slugs({})).not.toContain('past-cafe');
    expect(await slugs({ from: '2027-03-10', to: '2027-03-10' })).toEqual(['past-cafe']);
  });

  it.each([
    [{ category: 'cooking' }, ['cooking-class']],
    [{ spoken: 'ar' }, ['cafe-monday']],
    [{ spoken: 'ru' }, ['cooking-class']],
    [{ audience: 'women' as const }, ['cooking-class']],
    [{ audience: 'families' as const }, ['lake-trip']],
    [{ place: 'hall' }, ['cafe-monday']],
    [{ place: 'kitchen' }, ['cooking-class']],
    [{ group: 'cooks' }, ['cooking-class']],
    [{ group: 'cafe-group', from: '2027-03-01' }, ['past-cafe', 'cafe-monday']],
    [{ mode: 'signup' as const }, ['cooking-class', 'lake-trip']],
    [{ q: 'kokki' }, ['cooking-class']],
    [{ q: 'COOKING' }, ['cooking-class']],
    [{ q: 'äänekoskelle' }, ['lake-trip']],
    [{ q: 'праздничный' }, ['cooking-class']],
    [{ q: 'البحيرة' }, ['lake-trip']],
    [{ q: '100%_' }, []],
    [{ spoken: 'ar', mode: 'signup' as const }, []],
  ] satisfies [EventFilters, string[]][])('filters %o', async (filters, expected) => {
    expect(await slugs(filters)).toEqual(expected);
  });

  it('paginates, clamping a page past the end to the last one', async () => {
    const all = await slugs({ to: '2027-03-31' }, now, 100);
    const first = await listEvents(handle.db, ids.hub.id, { to: '2027-03-31' }, { now, timeZone: HELSINKI, pageSize: 3 });
    const second = await listEvents(handle.db, ids.hub.id, { to: '2027-03-31', page: 2 }, { now, timeZone: HELSINKI, pageSize: 3 });
    const beyond = await listEvents(handle.db, ids.hub.id, { to: '2027-03-31', page: 99 }, { now, timeZone: HELSINKI, pageSize: 3 });
    expect(first.total).toBe(all.length);
    expect(first.pageCount).toBe(Math.ceil(all.length / 3));
    expect([...first.events, ...second.events].map((e) => e.slug)).toEqual(all.slice(0, 6));
    expect(beyond.page).toBe(first.pageCount);
  });
});

describe('calendar days across daylight saving changes (TZ is not Helsinki here)', () => {
  it('runs under a different process time zone', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).not.toBe(HELSINKI);
  });

  it('the spring-forward Sunday is 23 hours and holds exactly its own events', async () => {
    const start = startOfHubDay('2027-03-28', HELSINKI);
    const end = startOfNextHubDay('2027-03-28', HELSINKI);
    expect(start.toISOString()).toBe('2027-03-27T22:00:00.000Z');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
    expect(await slugs({ from: '2027-03-28', to: '2027-03-28' })).toEqual(['spring-sun-early', 'spring-sun-late']);
    expect(await slugs({ from: '2027-03-27', to: '2027-03-27' })).toContain('spring-sat-late');
    expect(await slugs({ from: '2027-03-29', to: '2027-03-29' })).toEqual(['spring-mon-early']);
  });

  it('the fall-back Sunday is 25 hours and holds exactly its own events', async () => {
    const start = startOfHubDay('2027-10-31', HELSINKI);
    const end = startOfNextHubDay('2027-10-31', HELSINKI);
    expect(start.toISOString()).toBe('2027-10-30T21:00:00.000Z');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(25);
    expect(await slugs({ from: '2027-10-31', to: '2027-10-31' })).toEqual(['autumn-sun-early', 'autumn-sun-late']);
    expect(await slugs({ from: '2027-10-30', to: '2027-10-30' })).toEqual(['autumn-sat-late']);
    expect(await slugs({ from: '2027-11-01', to: '2027-11-01' })).toEqual(['autumn-mon-early']);
  });

  it('groups events under the Helsinki day they start on', async () => {
    const page = await listEvents(handle.db, ids.hub.id, { from: '2027-10-30', to: '2027-11-01' }, { now, timeZone: HELSINKI });
    expect(page.events.map((e) => [e.slug, hubDay(e.startsAt, HELSINKI)])).toEqual([
      ['autumn-sat-late', '2027-10-30'],
      ['autumn-sun-early', '2027-10-31'],
      ['autumn-sun-late', '2027-10-31'],
      ['autumn-mon-early', '2027-11-01'],
    ]);
  });
});
