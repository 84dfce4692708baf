import type { Actor } from '#features/auth/policy.ts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { seriesRuleFromForm } from '#features/series/form-input.ts';
import { createSeries, editSeriesFrom } from '#features/series/mutations.ts';
import { occurrenceDates } from '#features/series/occurrences.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, HELSINKI, makeHub, seriesTemplate, signupInput } from '../setup/fixtures.ts';

let handle: DbHandle;
let leader: Actor;
let other: Actor;

const template = () => seriesTemplate('kokkikerho', { waitlist: true });

beforeAll(async () => {
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  for (const [email, group] of [
    ['lead@example.org', 'cooks'],
    ['other@example.org', 'cafe-group'],
  ] as const) {
    const actor = await addActor(handle.db, { hubId: ids.hub.id, email, role: 'leader', groupSlugs: [group] });
    if (email.startsWith('lead')) leader = actor;
    else other = actor;
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('recurrence rules', () => {
  it('weekly, every other week, monthly by weekday (and the last one), with skipped dates', () => {
    expect(
      occurrenceDates({
        frequency: 'weekly',
        weekday: 3,
        nth: null,
        firstDate: '2031-03-01',
        lastDate: '2031-03-31',
        skipDates: ['2031-03-19'],
      }),
    ).toEqual(['2031-03-05', '2031-03-12', '2031-03-26']);
    expect(
      occurrenceDates({ frequency: 'biweekly', weekday: 1, nth: null, firstDate: '2031-03-03', lastDate: '2031-04-30', skipDates: [] }),
    ).toEqual(['2031-03-03', '2031-03-17', '2031-03-31', '2031-04-14', '2031-04-28']);
    expect(
      occurrenceDates({ frequency: 'monthly', weekday: 2, nth: 2, firstDate: '2031-01-01', lastDate: '2031-04-30', skipDates: [] }),
    ).toEqual(['2031-01-14', '2031-02-11', '2031-03-11', '2031-04-08']);
    expect(
      occurrenceDates({ frequency: 'monthly', weekday: 5, nth: -1, firstDate: '2031-01-01', lastDate: '2031-03-31', skipDates: [] }),
    ).toEqual(['2031-01-31', '2031-02-28', '2031-03-28']);
  });

  it('refuses a monthly weekday number outside 1st to 4th or last, with nothing stored', async () => {
    const before = await handle.db.select({ id: events.id }).from(events);
    for (const nth of [5, 0, -2, 1.5]) {
      const made = await createSeries(handle.db, leader, template(), {
        frequency: 'monthly',
        weekday: 2,
        nth,
        firstDate: '2031-01-01',
        lastDate: '2031-04-30',
        skipDates: [],
        startTime: '17:00',
        durationMinutes: 60,
      });
      expect(made).toEqual({ kind: 'invalid', errors: { nth: expect.any(String) } });
    }
    const form = new FormData();
    for (const [k, v] of Object.entries({ repeat: 'monthly', date: '2031-01-01', until: '2031-04-30', nth: '5' })) form.set(k, v);
    expect(seriesRuleFromForm(form).errors).toHaveProperty('nth');
    form.set('nth', 'last');
    expect(seriesRuleFromForm(form)).toMatchObject({ rule: { nth: -1 }, errors: {} });
    expect(await handle.db.select({ id: events.id }).from(events)).toHaveLength(before.length);
  });
});

describe('a weekly series across the spring DST change', () => {
  let seriesId = '';
  let ids: string[] = [];

  it('keeps 18:00 Helsinki time every week, whatever the offset', async () => {
    const made = await createSeries(handle.db, leader, template(), {
      frequency: 'weekly',
      weekday: 3,
      nth: null,
      firstDate: '2031-03-12',
      lastDate: '2031-04-09',
      skipDates: [],
      startTime: '18:00',
      durationMinutes: 120,
    });
    expect(made.kind).toBe('ok');
    if (made.kind !== 'ok') return;
    seriesId = made.seriesId;
    ids = made.eventIds;
    const rows = await handle.db.select().from(events).where(eq(events.seriesId, seriesId)).orderBy(events.startsAt);
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
      '2031-03-12T16:00:00.000Z',
      '2031-03-19T16:00:00.000Z',
      '2031-03-26T16:00:00.000Z', // EET, +02:00
      '2031-04-02T15:00:00.000Z',
      '2031-04-09T15:00:00.000Z', // EEST, +03:00
    ]);
    expect(rows.map((r) => hubDay(r.startsAt, HELSINKI))).toEqual(rows.map((r) => r.occurrence));
    expect(rows.map((r) => r.slug)).toContain('kokkikerho-2031-03-26');
  });

  it('a leader of another group may not create or edit it', async () => {
    expect(
      (
        await createSeries(
          handle.db,
          other,
          { ...template(), slug: 'x' },
          {
            frequency: 'weekly',
            weekday: 1,
            nth: null,
            firstDate: '2031-03-01',
            lastDate: '2031-03-31',
            skipDates: [],
            startTime: '10:00',
            durationMinutes: 60,
          },
        )
      ).kind,
    ).toBe('forbidden');
    expect((await editSeriesFrom(handle.db, other, seriesId, '2031-03-26', { startTime: '19:00' })).kind).toBe('forbidden');
  });

  it('"this and following" leaves earlier sessions and their sign-ups untouched', async () => {
    const person = (n: number) => signupInput({ name: `P${n}`, email: `p${n}@example.org` });
    const at = new Date('2031-03-01T10:00:00Z');
    for (const [i, id] of ids.entries()) await createSignup(handle.db, id, person(i), at);
    const before = await handle.db.select().from(events).where(eq(events.seriesId, seriesId)).orderBy(events.startsAt);
    const result = await editSeriesFrom(handle.db, leader, seriesId, '2031-03-26', {
      startTime: '17:30',
      patch: { capacity: 12, summary: { fi: 'Uusi aika' } },
    });
    expect(result).toEqual({ kind: 'ok', edited: 3 });
    const after = await handle.db.select().from(events).where(eq(events.seriesId, seriesId)).orderBy(events.startsAt);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after.slice(2).map((e) => [e.occurrence, e.startsAt.toISOString(), e.capacity, e.sequence])).toEqual([
      ['2031-03-26', '2031-03-26T15:30:00.000Z', 12, 1],
      ['2031-04-02', '2031-04-02T14:30:00.000Z', 12, 1],
      ['2031-04-09', '2031-04-09T14:30:00.000Z', 12, 1],
    ]);
    const earlySignups = await handle.db.select().from(signups).where(eq(signups.eventId, ids[0]!));
    expect(earlySignups.map((s) => s.status)).toEqual(['confirmed']);
    const changed = await handle.db.select().from(outbox).where(eq(outbox.kind, 'event-changed'));
    expect(changed.map((m) => m.eventId).sort()).toEqual(ids.slice(2).sort());
  });

  it('cancelling one session tells its attendees and leaves the others', async () => {
    expect(await cancelEvent(handle.db, leader, ids[1]!)).toEqual({ kind: 'cancelled', notified: 1 });
    const rows = await handle.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'event-cancelled'), eq(outbox.eventId, ids[1]!)));
    expect(rows).toHaveLength(1);
    const statuses = await handle.db
      .select({ status: events.status })
      .from(events)
      .where(eq(events.seriesId, seriesId))
      .orderBy(events.startsAt);
    expect(statuses.map((s) => s.status)).toEqual(['scheduled', 'cancelled', 'scheduled', 'scheduled', 'scheduled']);
  });
});
