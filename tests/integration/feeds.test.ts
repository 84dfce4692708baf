import { actorFor, SYSTEM } from '#features/auth/policy.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { users } from '#db/schema/users.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { updateEvent } from '#features/events/editing.ts';
import { listEvents } from '#features/events/queries.ts';
import { parseFilters } from '#features/events/parse-filters.ts';
import { eventCalendar, privateCalendar, publicCalendar } from '#features/feeds/calendars.ts';
import { escapeText } from '#features/feeds/ical.ts';
import { createFeedToken, revokeFeedToken } from '#features/feeds/mutations.ts';
import { createSeries } from '#features/series/mutations.ts';
import { addUser } from '#features/users/mutations.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { createTestDatabase } from '../setup/db.ts';
import { helsinki, HELSINKI, makeEvent, makeHub } from '../setup/fixtures.ts';
import { eventFacts, parseCalendar } from '../setup/ical.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const people: Record<string, typeof users.$inferSelect> = {};
const publicUrl = 'https://tori.example.fi';
// A fixed "now": the feed keeps 30 days back, so from 2031-01-30 (a Helsinki day).
const now = helsinki(2031, 3, 1, 12);
const windowFrom = '2031-01-30';
// Both DST changes of 2031: clocks go forward on Sunday 30 March and back on Sunday 26 October.
const dst = {
  beforeSpring: helsinki(2031, 3, 29, 18),
  afterSpring: helsinki(2031, 3, 31, 18),
  beforeAutumn: helsinki(2031, 10, 25, 18),
  afterAutumn: helsinki(2031, 10, 27, 18),
};

const idOf = async (slug: string) => (await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug)))[0]!.id;
const feed = async (query: string) =>
  parseCalendar((await publicCalendar(handle.db, ids.hub, new URLSearchParams(query), { now, publicUrl })).body);

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const db = handle.db;
  await makeEvent(db, ids, helsinki(2031, 1, 10, 10), { slug: 'long-ago' });
  await makeEvent(db, ids, helsinki(2031, 2, 20, 10), { slug: 'last-week', category: 'cooking', group: 'cooks' });
  await makeEvent(db, ids, helsinki(2031, 2, 25, 10), { slug: 'cancelled-past', status: 'cancelled', sequence: 1 });
  await makeEvent(db, ids, dst.beforeSpring, {
    slug: 'spring-before',
    category: 'cooking',
    group: 'cooks',
    place: 'kitchen',
    mode: 'signup',
    capacity: 10,
    seatsTaken: 7,
    waitingCount: 2,
    waitlist: true,
    title: { fi: 'Kokkikerho', sv: 'Matklubb', en: 'Cooking club', ar: 'نادي الطبخ' },
    summary: { fi: 'Tehdään keittoa.', en: 'We make soup.' },
    whatToBring: { fi: 'Esiliina' },
    costCents: 300,
    spokenLanguages: ['fi', 'ar'],
    audiences: ['women'],
  });
  await makeEvent(db, ids, dst.afterSpring, {
    slug: 'spring-after',
    title: { en: 'English only, Monday; with a semicolon' },
    spokenLanguages: ['en'],
  });
  await makeEvent(db, ids, dst.beforeAutumn, {
    slug: 'autumn-before',
    category: 'excursion',
    place: 'hall',
    title: { fi: 'Retki kahvilaan' },
  });
  await makeEvent(db, ids, dst.afterAutumn, {
    slug: 'autumn-after',
    group: 'cafe-group',
    title: { fi: 'Kahvila' },
    audiences: ['families'],
  });
  await makeEvent(db, ids, helsinki(2031, 4, 2, 12), { slug: 'draft', published: false, group: 'cooks' });
  const other = await makeHub(db, 'other');
  await makeEvent(db, other, helsinki(2031, 4, 2, 12), { slug: 'other-hub' });
  for (const [key, role, groups] of [
    ['admin', 'admin', []],
    ['cooks', 'leader', ['cooks']],
    ['cafe', 'leader', ['cafe-group']],
  ] as const) {
    const out = await addUser(db, SYSTEM, { hubId: ids.hub.id, email: `${key}@example.org`, role, groupSlugs: [...groups] });
    people[key] = (
      await db
        .select()
        .from(users)
        .where(eq(users.id, out.kind === 'added' ? out.userId : ''))
    )[0]!;
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('the public feed', () => {
  it('has the same events as the listing for the same filters (a month back when no from)', async () => {
    const queries = [
      '',
      'group=cooks',
      'category=cooking',
      'spoken=ar',
      'audience=women',
      'place=kitchen',
      'mode=signup',
      'from=2031-03-30&to=2031-10-26',
      'q=kahvi',
      'group=NOT%20A%20SLUG&from=2031-02-30&mode=sometimes',
      'from=2031-01-01',
    ];
    for (const query of queries) {
      const { filters } = parseFilters(new URLSearchParams(query));
      const listing = await listEvents(
        handle.db,
        ids.hub.id,
        { ...filters, from: filters.from ?? windowFrom },
        { now, timeZone: HELSINKI, pageSize: 1000 },
      );
      const { events: got } = await feed(query);
      expect(
        got.map((e) => e.uid),
        query,
      ).toEqual(listing.events.map((e) => `${e.id}@tori`));
      expect(got.length, query).toBe(listing.total);
    }
    expect((await feed('')).events.map((e) => e.uid)).toHaveLength(6);
    expect((await feed('from=2031-01-01')).events.map((e) => e.uid)).toContain(`${await idOf('long-ago')}@tori`);
  });

  it("gives each VEVENT the event's own instants in Helsinki time on both sides of both DST changes", async () => {
    const { calendar, events: got } = await feed('');
    expect(calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual([HELSINKI]);
    const bySlug = Object.fromEntries(got.map((e) => [String(eventFacts(e).url).split('/').at(-1), eventFacts(e)]));
    for (const [slug, start] of [
      ['spring-before', dst.beforeSpring],
      ['spring-after', dst.afterSpring],
      ['autumn-before', dst.beforeAutumn],
      ['autumn-after', dst.afterAutumn],
    ] as const) {
      expect(bySlug[slug]).toMatchObject({
        start: start.getTime(),
        end: start.getTime() + 2 * 3_600_000,
        tzid: HELSINKI,
        endTzid: HELSINKI,
      });
      expect(got.find((e) => e.uid === `${bySlug[slug]!.uid}`)!.startDate.hour).toBe(18);
    }
    // 18:00 in Helsinki is 16:00 UTC in winter time and 15:00 UTC in summer time.
    expect(dst.beforeSpring.getUTCHours()).toBe(16);
    expect(dst.afterSpring.getUTCHours()).toBe(15);
  });

  it('writes title, place, description and link in the asked language, falling back along the chain (decision 022)', async () => {
    for (const lang of uiLanguages) {
      const t = translator(lang);
      const { events: got, prop } = await feed(`lang=${lang}`);
      expect(prop('x-wr-calname')).toBe(`main: ${t('feeds.programme')}`);
      expect(String(prop('x-published-ttl'))).toBe('PT1H');
      const spring = got.map(eventFacts).find((e) => String(e.url).endsWith('/spring-before'))!;
      // Default chain: English, then Finnish; Swedish readers Finnish first.
      const expectedTitle = { fi: 'Kokkikerho', sv: 'Matklubb', en: 'Cooking club', ar: 'نادي الطبخ' }[lang as 'fi'] ?? 'Cooking club';
      expect(spring.summary, lang).toBe(expectedTitle);
      expect(spring.url).toBe(`${publicUrl}/${lang}/events/spring-before`);
      expect(spring.location).toBe('kitchen');
      expect(spring.description).toContain(lang === 'fi' || lang === 'sv' ? 'Tehdään keittoa.' : 'We make soup.');
      expect(spring.description).toContain(`${t('event.bring')}: Esiliina`);
      expect(spring.description).toContain(`${t('event.cost')}: `);
      expect(spring.description).toContain(`${t('event.spoken')}: `);
      // No seat counts in the public feed.
      expect(spring.description).not.toContain('7');
      const english = got.map(eventFacts).find((e) => String(e.url).endsWith('/spring-after'))!;
      expect(english.summary).toBe('English only, Monday; with a semicolon');
    }
  });

  it('keeps a cancelled event, marked cancelled, until it drops out of the month of history', async () => {
    const facts = (await feed('')).events.map(eventFacts);
    const cancelled = facts.find((e) => String(e.url).endsWith('/cancelled-past'))!;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', sequence: 1 });
    expect(cancelled.summary).toMatch(/^Peruttu: /);
    expect(facts.filter((e) => e.status === 'CONFIRMED')).toHaveLength(5);
  });

  it('same data, same bytes (the ETag holds); a change of time keeps the UID and raises SEQUENCE; so does cancelling', async () => {
    const first = await publicCalendar(handle.db, ids.hub, new URLSearchParams(), { now, publicUrl });
    const again = await publicCalendar(handle.db, ids.hub, new URLSearchParams(), { now: new Date(now.getTime() + 60_000), publicUrl });
    expect(again.body).toBe(first.body);
    const id = await idOf('autumn-before');
    const before = parseCalendar(first.body)
      .events.map(eventFacts)
      .find((e) => e.uid === `${id}@tori`)!;
    const later = helsinki(2031, 10, 25, 19);
    expect(
      (
        await updateEvent(
          handle.db,
          await actorFor(handle.db, people.admin!),
          id,
          { start: later, end: new Date(later.getTime() + 3_600_000) },
          new Date(now.getTime() + 1000),
        )
      ).kind,
    ).toBe('ok');
    const moved = (await feed('')).events.map(eventFacts).find((e) => e.uid === `${id}@tori`)!;
    expect(moved).toMatchObject({ start: later.getTime(), sequence: before.sequence + 1, status: 'CONFIRMED' });
    expect(
      (await updateEvent(handle.db, await actorFor(handle.db, people.admin!), id, { place: 'kitchen' }, new Date(now.getTime() + 2000)))
        .kind,
    ).toBe('ok');
    const placed = (await feed('')).events.map(eventFacts).find((e) => e.uid === `${id}@tori`)!;
    expect(placed).toMatchObject({ sequence: before.sequence + 2, location: 'kitchen' });
    // A new summary alone is no new version for calendars.
    expect(
      (
        await updateEvent(
          handle.db,
          await actorFor(handle.db, people.admin!),
          id,
          { summary: { fi: 'Uusi kuvaus' } },
          new Date(now.getTime() + 3000),
        )
      ).kind,
    ).toBe('ok');
    expect((await feed('')).events.map(eventFacts).find((e) => e.uid === `${id}@tori`)!.sequence).toBe(before.sequence + 2);
    expect((await cancelEvent(handle.db, SYSTEM, id, new Date(now.getTime() + 4000))).kind).toBe('cancelled');
    const cancelled = (await feed('')).events.map(eventFacts).find((e) => e.uid === `${id}@tori`)!;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', sequence: before.sequence + 3 });
    const lastModified = (
      await publicCalendar(handle.db, ids.hub, new URLSearchParams(), { now: new Date(now.getTime() + 5000), publicUrl })
    ).lastModified!;
    expect(lastModified).toEqual(new Date(now.getTime() + 4000));
    expect(lastModified.getTime()).toBeGreaterThan(first.lastModified!.getTime());
  });

  it('has one VEVENT per session of a series, so one cancelled session shows cancelled', async () => {
    const made = await createSeries(
      handle.db,
      await actorFor(handle.db, people.cooks!),
      {
        slug: 'reading',
        title: { fi: 'Lukupiiri' },
        category: 'cooking',
        group: 'cooks',
        mode: 'dropin',
      },
      {
        frequency: 'weekly',
        weekday: 3,
        nth: null,
        firstDate: '2031-03-12',
        lastDate: '2031-04-02',
        skipDates: [],
        startTime: '18:00',
        durationMinutes: 90,
      },
    );
    expect(made.kind).toBe('ok');
    if (made.kind !== 'ok') return;
    await cancelEvent(handle.db, SYSTEM, made.eventIds[1]!);
    const sessions = (await feed('q=lukupiiri')).events.map(eventFacts);
    expect(sessions.map((s) => s.uid)).toEqual(made.eventIds.map((id) => `${id}@tori`));
    expect(sessions.map((s) => s.status)).toEqual(['CONFIRMED', 'CANCELLED', 'CONFIRMED', 'CONFIRMED']);
    expect(new Set(sessions.map((s) => new Date(s.start).toISOString().slice(11, 16)))).toEqual(new Set(['16:00', '15:00']));
  });
});

describe('one event as a file', () => {
  it("is one VEVENT with METHOD:PUBLISH in the page's language; an unpublished or unknown one is none", async () => {
    const file = await eventCalendar(handle.db, ids.hub, 'spring-before', { lang: 'sv', publicUrl });
    const { events: got, prop } = parseCalendar(file!.body);
    expect(prop('method')).toBe('PUBLISH');
    expect(got.map(eventFacts)).toMatchObject([
      {
        uid: `${await idOf('spring-before')}@tori`,
        summary: 'Matklubb',
        start: dst.beforeSpring.getTime(),
        url: `${publicUrl}/sv/events/spring-before`,
      },
    ]);
    expect(await eventCalendar(handle.db, ids.hub, 'draft', { lang: 'fi', publicUrl })).toBeNull();
    expect(await eventCalendar(handle.db, ids.hub, 'other-hub', { lang: 'fi', publicUrl })).toBeNull();
  });
});

describe('private feeds', () => {
  it("show a leader their groups' events (drafts too) with seats taken and the waiting list; a coordinator every event", async () => {
    const made = await createFeedToken(handle.db, await actorFor(handle.db, people.cooks!), 'Työpuhelin');
    expect(made.kind).toBe('created');
    if (made.kind !== 'created') return;
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{27}$/);
    const got = parseCalendar((await privateCalendar(handle.db, made.token, { now, publicUrl }))!.body).events.map(eventFacts);
    const slugsOf = async (list: typeof got) => {
      const rows = await handle.db.select({ id: events.id, slug: events.slug }).from(events);
      return list.map((e) => rows.find((r) => `${r.id}@tori` === e.uid)!.slug);
    };
    expect(await slugsOf(got)).toEqual([
      'last-week',
      'reading-2031-03-12',
      'reading-2031-03-19',
      'reading-2031-03-26',
      'spring-before',
      'draft',
      'reading-2031-04-02',
    ]);
    const springId = await idOf('spring-before');
    const spring = got.find((e) => e.uid === `${springId}@tori`)!;
    expect(spring.description).toContain(translator('fi')('manage.seats', { taken: 7, capacity: 10, waiting: 2 }));
    expect(spring.url).toMatch(new RegExp(`^${publicUrl}/fi/manage/events/[0-9a-f-]{36}$`));

    const admin = await createFeedToken(handle.db, await actorFor(handle.db, people.admin!), 'Koordinaattori');
    const all = parseCalendar(
      (await privateCalendar(handle.db, admin.kind === 'created' ? admin.token : '', { now, publicUrl }))!.body,
    ).events;
    expect(all.length).toBe((await handle.db.select().from(events).where(eq(events.hubId, ids.hub.id))).length - 1 /* long-ago */);
  });

  it('stop for a revoked token, a disabled person, and anything that is not a live token', async () => {
    const made = await createFeedToken(handle.db, await actorFor(handle.db, people.cafe!), 'Kotikone');
    if (made.kind !== 'created') throw new Error('not created');
    expect(await privateCalendar(handle.db, made.token, { now, publicUrl })).not.toBeNull();
    expect(await revokeFeedToken(handle.db, await actorFor(handle.db, people.admin!), made.id)).toEqual({ kind: 'not-found' });
    expect(await revokeFeedToken(handle.db, await actorFor(handle.db, people.cafe!), made.id)).toEqual({ kind: 'revoked' });
    expect(await revokeFeedToken(handle.db, await actorFor(handle.db, people.cafe!), made.id)).toEqual({ kind: 'not-found' });
    expect(await privateCalendar(handle.db, made.token, { now, publicUrl })).toBeNull();
    for (const wrong of ['', 'short', `${made.token.slice(0, -1)}A`, '../../etc/passwd', 'x'.repeat(500)]) {
      expect(await privateCalendar(handle.db, wrong, { now, publicUrl })).toBeNull();
    }
    const live = await createFeedToken(handle.db, await actorFor(handle.db, people.cafe!), 'Toinen');
    if (live.kind !== 'created') throw new Error('not created');
    await handle.db.update(users).set({ disabledAt: now }).where(eq(users.id, people.cafe!.id));
    expect(await privateCalendar(handle.db, live.token, { now, publicUrl })).toBeNull();
    expect(await createFeedToken(handle.db, await actorFor(handle.db, people.cooks!), ' \n ')).toEqual({ kind: 'invalid-name' });
    expect(await createFeedToken(handle.db, await actorFor(handle.db, people.cooks!), 'x'.repeat(81))).toEqual({ kind: 'invalid-name' });
  });

  it('escapes a calendar name so it cannot add lines or properties', () => {
    expect(escapeText('A, B; C\\D\nX-EVIL:1')).toBe('A\\, B\\; C\\\\D\\nX-EVIL:1');
  });
});
