import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers } from '#db/schema/helpers.ts';
import { csvCell } from '#features/attendees/csv.ts';
import type { Actor } from '#features/auth/policy.ts';
import { addTask, createOffer, decideOffer, eraseHelper, setHours } from '#features/helpers/mutations.ts';
import { reportFromQuery } from '#features/figures/report-page.ts';
import { tableCsv } from '#features/figures/tables.ts';
import { createSeries } from '#features/series/mutations.ts';
import type { Lang } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, helsinki, makeEvent, makeHub, seriesTemplate } from '../setup/fixtures.ts';

// Volunteer hours by month in the reports (decision 031), from a known data set: a series of
// three weekly sessions across two months, two helpers (one by email, one by phone), and what
// must not count: a repeat's decoy, an offer never confirmed, a declined one, a confirmed helper
// who did not come (no hours), and another group's event outside a leader's scope.
let handle: DbHandle;
let hubId = '';
let coordinator: Actor;
let leader: Actor;
let sessions: string[] = [];
const phoneHelperOffers: string[] = [];
let afterSessions = new Date();
const HOUR = 3_600_000;

const en = translator('en');
const volunteers = async (actor: Actor) => {
  const page = await reportFromQuery(handle.db, actor, {
    hubId,
    timeZone: 'Europe/Helsinki',
    now: new Date(),
    params: new URLSearchParams({ from: '2031-01-01', to: '2031-02-28' }),
    lang: 'en',
    t: en,
  });
  if (page.kind !== 'report') throw new Error(page.kind);
  return page.tables.find((t) => t.key === 'volunteers')!;
};

beforeAll(async () => {
  process.env.PUBLIC_URL = 'https://tori.example.fi';
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  hubId = ids.hub.id;
  coordinator = await addActor(handle.db, { hubId: ids.hub.id, email: 'coord@example.org', role: 'admin' });
  leader = await addActor(handle.db, { hubId: ids.hub.id, email: 'lead@example.org', role: 'leader', groupSlugs: ['cooks'] });
  // Wednesdays 17:00–20:00: 22 and 29 January, 5 February 2031.
  const made = await createSeries(handle.db, leader, seriesTemplate('kokkikerho'), {
    frequency: 'weekly',
    weekday: 3,
    nth: null,
    firstDate: '2031-01-22',
    lastDate: '2031-02-05',
    skipDates: [],
    startTime: '17:00',
    durationMinutes: 180,
  });
  if (made.kind !== 'ok') throw new Error(made.kind);
  sessions = made.eventIds;
  expect(sessions).toHaveLength(3);

  const sessionRows = await handle.db.select().from(events).where(inArray(events.id, sessions)).orderBy(events.startsAt);
  const before = new Date(sessionRows[0]!.startsAt.getTime() - 24 * HOUR);
  const after = new Date(sessionRows[2]!.endsAt.getTime() + HOUR);
  afterSessions = after;
  // One helper's hours per session in minutes; null = confirmed but did not come.
  const plan = [
    { aino: 180, sara: 150 },
    { aino: 180, sara: null },
    { aino: 120, sara: 90 },
  ];
  for (const [i, row] of sessionRows.entries()) {
    const task = await addTask(handle.db, leader, row.id, { kind: 'cook', language: null, name: {}, needed: 2 });
    if (task.kind !== 'added') throw new Error(task.kind);
    const offer = async (name: string, email: string | null, phone: string | null, language: Lang = 'fi') => {
      expect((await createOffer(handle.db, { taskId: task.taskId, name, email, phone, spoken: [], language }, before)).kind).toBe(
        'offered',
      );
      const [o] = await handle.db
        .select()
        .from(helperOffers)
        .where(and(eq(helperOffers.taskId, task.taskId), eq(helperOffers.reach, (email ?? phone)!), eq(helperOffers.decoy, false)));
      return o!.id;
    };
    const aino = await offer('Aino', 'aino@example.org', null);
    const sara = await offer('سارة', null, '+358401112223', 'ar');
    // A repeat by Aino (a decoy row) and, at the first session, offers that are not confirmed.
    await offer('Aino again', 'aino@example.org', null);
    for (const id of [aino, sara]) expect((await decideOffer(handle.db, leader, row.id, id, 'confirm', before)).kind).toBe('confirmed');
    if (i === 0) {
      await offer('Waiting', 'waiting@example.org', null);
      const declined = await offer('Declined', 'declined@example.org', null);
      expect((await decideOffer(handle.db, leader, row.id, declined, 'decline', before)).kind).toBe('declined');
    }
    expect((await setHours(handle.db, leader, row.id, aino, plan[i]!.aino, after)).kind).toBe('saved');
    if (plan[i]!.sara !== null) expect((await setHours(handle.db, leader, row.id, sara, plan[i]!.sara, after)).kind).toBe('saved');
    phoneHelperOffers.push(sara);
  }

  // Another group's event in January with one helper's hour: the coordinator's, not the leader's.
  const slug = await makeEvent(handle.db, ids, helsinki(2031, 1, 15, 12), { slug: 'cafe-day', group: 'cafe-group', hours: 1 });
  const [cafe] = await handle.db.select().from(events).where(eq(events.slug, slug));
  const task = await addTask(handle.db, coordinator, cafe!.id, { kind: 'setup', language: null, name: {}, needed: 1 });
  if (task.kind !== 'added') throw new Error(task.kind);
  await createOffer(
    handle.db,
    { taskId: task.taskId, name: 'Ville', email: 'ville@example.org', phone: null, spoken: [], language: 'fi' },
    new Date(cafe!.startsAt.getTime() - HOUR),
  );
  const [ville] = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, task.taskId));
  await decideOffer(handle.db, coordinator, cafe!.id, ville!.id, 'confirm', new Date(cafe!.startsAt.getTime() - HOUR));
  expect((await setHours(handle.db, coordinator, cafe!.id, ville!.id, 60, after)).kind).toBe('saved');
});
afterAll(async () => {
  await handle?.close();
});

describe('volunteer hours by month', () => {
  it('the leader sees their group: the series’ hours summed per month, two different helpers', async () => {
    const table = await volunteers(leader);
    expect(table.headers).toEqual(['Month', 'Helpers', 'Tasks', 'Hours']);
    expect(table.rows).toEqual([
      ['2031-01', '2', '3', '8.5'],
      ['2031-02', '2', '2', '3.5'],
    ]);
    expect(table.chart).toEqual({ label: 0, value: 3 });
  });

  it('the coordinator sees the whole hub; the CSV holds exactly the table', async () => {
    const table = await volunteers(coordinator);
    expect(table.rows).toEqual([
      ['2031-01', '3', '4', '9.5'],
      ['2031-02', '2', '2', '3.5'],
    ]);
    expect(tableCsv(table, csvCell)).toBe(
      '\uFEFF"Month","Helpers","Tasks","Hours"\r\n"2031-01","3","4","9.5"\r\n"2031-02","2","2","3.5"\r\n',
    );
  });

  it('stays the same when a helper deletes their data: the hours remain, tied to no one', async () => {
    await eraseHelper(handle.db, phoneHelperOffers, afterSessions);
    const erased = await handle.db.select().from(helperOffers).where(inArray(helperOffers.id, phoneHelperOffers));
    expect(erased.every((o) => o.reach === null && o.name === '' && o.anonymizedAt !== null)).toBe(true);
    expect(erased.map((o) => o.minutes).sort()).toEqual([150, 90, null].sort());
    expect((await volunteers(leader)).rows).toEqual([
      ['2031-01', '2', '3', '8.5'],
      ['2031-02', '2', '2', '3.5'],
    ]);
  });
});
