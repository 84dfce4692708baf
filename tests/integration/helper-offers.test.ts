import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers, helperTasks } from '#db/schema/helpers.ts';
import { outbox } from '#db/schema/outbox.ts';
import { SYSTEM, type Actor } from '#features/auth/policy.ts';
import { createSeries } from '#features/series/mutations.ts';
import { addTask, createOffer, decideOffer, eraseHelper, removeTask } from '#features/helpers/mutations.ts';
import { parseOffer, parseTask } from '#features/helpers/schema.ts';
import { getFilterOptions } from '#features/events/filter-options.ts';
import { parseFilters } from '#features/events/parse-filters.ts';
import { listEvents } from '#features/events/queries.ts';
import { addUser } from '#features/users/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, makeEvent, makeHub, seriesTemplate } from '../setup/fixtures.ts';

// Offers to help (decision 031) and their repeats (decision 015), on the domain functions.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
let coordinator: Actor;
let coordinatorId: string;

beforeAll(async () => {
  process.env.PUBLIC_URL = 'https://tori.example.fi';
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const made = await addUser(handle.db, SYSTEM, { hubId: ids.hub.id, email: 'coord@example.org', role: 'admin' });
  if (made.kind !== 'added') throw new Error(made.kind);
  coordinatorId = made.userId;
  coordinator = { kind: 'user', userId: made.userId, hubId: ids.hub.id, role: 'admin', groupIds: [], languages: [] };
});
afterAll(async () => {
  await handle?.close();
});

describe('a removed task', () => {
  it('tells each person who offered once, even when they offered again (a repeat is a decoy row)', async () => {
    const slug = await makeEvent(handle.db, ids, new Date(Date.now() + 7 * 86_400_000), { slug: 'helpers-removed', group: 'cooks' });
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    const added = await addTask(handle.db, coordinator, event!.id, { kind: 'cook', language: null, name: {}, needed: 2 });
    if (added.kind !== 'added') throw new Error(added.kind);
    const offer = (email: string | null, phone: string | null) =>
      createOffer(handle.db, { taskId: added.taskId, name: 'Auttaja', email, phone, spoken: [], language: 'fi' });
    expect((await offer('aino@example.org', null)).kind).toBe('offered');
    expect((await offer('aino@example.org', null)).kind).toBe('offered');
    expect((await offer(null, '+358401234567')).kind).toBe('offered');
    const decoys = await handle.db
      .select()
      .from(helperOffers)
      .where(and(eq(helperOffers.taskId, added.taskId), eq(helperOffers.decoy, true)));
    expect(decoys).toHaveLength(1);

    expect((await removeTask(handle.db, coordinator, event!.id, added.taskId)).kind).toBe('removed');
    const told = await handle.db
      .select({ recipient: outbox.recipient, channel: outbox.channel })
      .from(outbox)
      .where(and(eq(outbox.eventId, event!.id), eq(outbox.kind, 'helper-declined')))
      .orderBy(outbox.recipient);
    expect(told).toEqual([
      { recipient: '+358401234567', channel: 'sms' },
      { recipient: 'aino@example.org', channel: 'email' },
    ]);
  });
});

describe('the offer form', () => {
  it('takes a task id that is a uuid and nothing else', () => {
    const raw = { name: 'Auttaja', email: 'aino@example.org', consent: 'on' };
    const id = '2f1c1f0e-8f6a-4c1e-9a57-0d3c2b1a4e5f';
    expect(parseOffer({ ...raw, task: id }, 'fi')).toMatchObject({ ok: true, value: { taskId: id } });
    for (const task of ['', 'cook', `${id}x`, "1' OR '1'='1"])
      expect(parseOffer({ ...raw, task }, 'fi')).toEqual({ ok: false, errors: { task: { key: 'helpers.error.task' } } });
  });
});

describe('a helper deleting their data', () => {
  it('leaves no trace of their contact or name in the messages about their offers', async () => {
    const slug = await makeEvent(handle.db, ids, new Date(Date.now() + 7 * 86_400_000), { slug: 'helpers-erased', group: 'cooks' });
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    const added = await addTask(handle.db, coordinator, event!.id, { kind: 'driver', language: null, name: {}, needed: 1 });
    if (added.kind !== 'added') throw new Error(added.kind);
    const offer = (name: string, email: string) =>
      createOffer(handle.db, { taskId: added.taskId, name, email, phone: null, spoken: [], language: 'fi' });
    expect((await offer('Poistuva Kuljettaja', 'poistuva@example.org')).kind).toBe('offered');
    expect((await offer('Toinen Auttaja', 'toinen@example.org')).kind).toBe('offered');
    const [mine] = await handle.db.select().from(helperOffers).where(eq(helperOffers.email, 'poistuva@example.org'));
    expect((await decideOffer(handle.db, coordinator, event!.id, mine!.id, 'confirm')).kind).toBe('confirmed');
    // A repeat with the same address (a decoy row, and a fresh link sent to that address).
    expect((await offer('Joku Muu', 'poistuva@example.org')).kind).toBe('offered');
    const about = (needle: string) =>
      handle.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(sql`${outbox.recipient} = ${needle} OR ${outbox.payload}::text LIKE ${`%${needle}%`}`);
    expect(await about('poistuva@example.org')).toHaveLength(3);

    await eraseHelper(handle.db, [mine!.id]);
    expect(await about('poistuva@example.org')).toEqual([]);
    expect(await about('Poistuva Kuljettaja')).toEqual([]);
    expect(await handle.db.select().from(helperOffers).where(eq(helperOffers.email, 'poistuva@example.org'))).toEqual([]);
    expect(await handle.db.select().from(helperOffers).where(eq(helperOffers.reach, 'poistuva@example.org'))).toEqual([]);
    // Someone else's messages about the same task stay.
    expect(await about('toinen@example.org')).toHaveLength(1);
  });
});

describe('finding events that need helpers', () => {
  it('lists only scheduled, not yet begun events with a task still short of helpers, by kind and by interpreted language', async () => {
    // A hub of its own: the other tests' events must not show up in these lists.
    const own = await makeHub(handle.db, 'helpers-wanted');
    const actor: Actor = { kind: 'user', userId: coordinatorId, hubId: own.hub.id, role: 'admin', groupIds: [], languages: [] };
    const day = (n: number) => new Date(Date.now() + n * 86_400_000);
    const make = async (slug: string, start: Date, extra: Parameters<typeof makeEvent>[3] = {}) => {
      await makeEvent(handle.db, own, start, { slug, ...extra });
      const [row] = await handle.db
        .select()
        .from(events)
        .where(and(eq(events.hubId, own.hub.id), eq(events.slug, slug)));
      return row!.id;
    };
    const task = async (eventId: string, kind: 'cook' | 'interpreter', language: string | null, needed: number) => {
      const added = await addTask(handle.db, actor, eventId, { kind, language, name: {}, needed });
      if (added.kind !== 'added') throw new Error(added.kind);
      return added.taskId;
    };
    const cooking = await make('wanted-cook', day(3));
    await task(cooking, 'cook', null, 1);
    // Needs an Arabic interpreter, but the one place is taken: no longer "needed".
    const arabic = await make('wanted-ar-full', day(4));
    const arTask = await task(arabic, 'interpreter', 'ar', 1);
    expect(
      (
        await createOffer(handle.db, {
          taskId: arTask,
          name: 'Tulkki',
          email: 'tulkki@example.org',
          phone: null,
          spoken: ['ar'],
          language: 'ar',
        })
      ).kind,
    ).toBe('offered');
    const [arOffer] = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, arTask));
    expect((await decideOffer(handle.db, actor, arabic, arOffer!.id, 'confirm')).kind).toBe('confirmed');
    const somali = await make('wanted-so', day(5));
    await task(somali, 'interpreter', 'so', 2);
    await make('wanted-none', day(6));
    const cancelled = await make('wanted-cancelled', day(7));
    await task(cancelled, 'cook', null, 2);
    await handle.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled));
    // Begun an hour ago and still going: offers are closed, so it needs no one any more.
    const begun = await make('wanted-begun', new Date(Date.now() - 3_600_000), { hours: 3 });
    await task(begun, 'cook', null, 2);

    const slugs = async (query: string) => {
      const { filters } = parseFilters(new URLSearchParams(query));
      const page = await listEvents(handle.db, own.hub.id, filters, { now: new Date(), timeZone: 'Europe/Helsinki' });
      return page.events.map((e) => e.slug);
    };
    expect(await slugs('help=1')).toEqual(['wanted-cook', 'wanted-so']);
    expect(await slugs('help=cook')).toEqual(['wanted-cook']);
    expect(await slugs('help=interpreter')).toEqual(['wanted-so']);
    expect(await slugs('interprets=so')).toEqual(['wanted-so']);
    expect(await slugs('interprets=ar')).toEqual([]);
    const all = await listEvents(handle.db, own.hub.id, {}, { now: new Date(), timeZone: 'Europe/Helsinki' });
    expect(Object.fromEntries(all.events.map((e) => [e.slug, e.helpersNeeded]))).toEqual({
      'wanted-begun': false,
      'wanted-cook': true,
      'wanted-ar-full': false,
      'wanted-so': true,
      'wanted-none': false,
      'wanted-cancelled': false,
    });
    expect((await getFilterOptions(handle.db, own.hub.id)).interprets).toEqual(['so']);
    expect(parseFilters(new URLSearchParams('help=everything&interprets=Arabic')).ignored).toEqual(['help', 'interprets']);
  });
});

describe('a task for a weekly group', () => {
  it('is added to the later, still scheduled sessions of the series the leader runs, when asked', async () => {
    const leader = await addActor(handle.db, {
      hubId: ids.hub.id,
      email: 'series-lead@example.org',
      role: 'leader',
      groupSlugs: ['cooks'],
    });
    // Thursdays 6 to 27 March 2031: four sessions.
    const made = await createSeries(handle.db, leader, seriesTemplate('viikkokokkaus', { title: { fi: 'Viikkokokkaus' } }), {
      frequency: 'weekly',
      weekday: 4,
      nth: null,
      firstDate: '2031-03-06',
      lastDate: '2031-03-27',
      skipDates: [],
      startTime: '17:00',
      durationMinutes: 120,
    });
    if (made.kind !== 'ok') throw new Error(made.kind);
    const sessions = (await handle.db.select().from(events).where(inArray(events.id, made.eventIds)).orderBy(events.startsAt)).map(
      (e) => e.id,
    );
    expect(sessions).toHaveLength(4);
    await handle.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, sessions[2]!));

    const form = { kind: 'cook', needed: '2', following: 'on' };
    const parsed = parseTask(form);
    if (!parsed.ok) throw new Error('parse');
    expect(parsed.value.following).toBe(true);
    const added = await addTask(handle.db, leader, sessions[1]!, parsed.value);
    expect(added).toMatchObject({ kind: 'added', sessions: 2 });
    const tasksOf = async (eventId: string) =>
      (await handle.db.select().from(helperTasks).where(eq(helperTasks.eventId, eventId))).map((t) => [t.kind, t.needed]);
    expect(await Promise.all(sessions.map(tasksOf))).toEqual([[], [['cook', 2]], [], [['cook', 2]]]);
    // Without the box, only the session itself.
    const single = parseTask({ kind: 'driver', needed: '1' });
    if (!single.ok) throw new Error('parse');
    expect(await addTask(handle.db, leader, sessions[0]!, single.value)).toMatchObject({ kind: 'added', sessions: 1 });
    expect(await tasksOf(sessions[3]!)).toEqual([['cook', 2]]);
  });
});
