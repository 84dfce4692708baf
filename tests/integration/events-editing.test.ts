import type { Actor } from '#features/auth/policy.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { createEvent, updateEvent } from '#features/events/editing.ts';
import { eventPatchSchema, newEventSchema } from '#features/events/input.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, makeHub, signupInput } from '../setup/fixtures.ts';

let handle: DbHandle;
const actors: Record<string, Actor> = {};

const base = () =>
  newEventSchema.parse({
    title: { fi: 'Äidinkielen kerho', ar: 'نادي' },
    category: 'cooking',
    group: 'cooks',
    start: '2031-03-30T17:00:00+03:00',
    end: '2031-03-30T19:00:00+03:00',
    mode: 'signup',
    capacity: 2,
    waitlist: true,
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  for (const [key, role, group] of [
    ['admin', 'admin', []],
    ['cooks', 'leader', ['cooks']],
    ['cafe', 'leader', ['cafe-group']],
  ] as const) {
    actors[key] = await addActor(handle.db, { hubId: ids.hub.id, email: `${key}@example.org`, role, groupSlugs: [...group] });
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('creating and editing events', () => {
  it('the leader of the group creates one; a leader of another group may not', async () => {
    expect(await createEvent(handle.db, actors.cafe!, base())).toEqual({ kind: 'forbidden' });
    const made = await createEvent(handle.db, actors.cooks!, base());
    expect(made.kind).toBe('ok');
    const [row] = await handle.db
      .select()
      .from(events)
      .where(eq(events.id, made.kind === 'ok' ? made.eventId : ''));
    expect(row!.slug).toBe('aidinkielen-kerho-2031-03-30');
    expect(row!.searchText).toContain('نادي');
    expect(row!.startsAt.toISOString()).toBe('2031-03-30T14:00:00.000Z');
  });

  it('says what is wrong, field by field', async () => {
    expect(newEventSchema.safeParse({ ...base(), start: '2031-03-30T17:00:00' }).success).toBe(false);
    expect(newEventSchema.safeParse({ ...base(), start: '2031-03-30T14:00:00Z', colour: 'red' }).success).toBe(false);
    expect(await createEvent(handle.db, actors.admin!, { ...base(), category: 'nope', place: 'moon' })).toEqual({
      kind: 'invalid',
      errors: { category: 'no such category', place: 'no such place' },
    });
    const backwards = await createEvent(handle.db, actors.admin!, { ...base(), end: new Date('2031-03-30T13:00:00Z') });
    expect(backwards).toMatchObject({ kind: 'invalid', errors: { end: 'must be after the start' } });
    expect(await createEvent(handle.db, actors.admin!, { ...base(), slug: 'aidinkielen-kerho-2031-03-30' })).toEqual({
      kind: 'invalid',
      errors: { slug: 'is already in use' },
    });
  });

  it('moving it raises SEQUENCE and tells attendees; more seats move the waiting list; fewer than taken is refused', async () => {
    const [event] = await handle.db.select().from(events).where(eq(events.slug, 'aidinkielen-kerho-2031-03-30'));
    const person = (n: number) => signupInput({ name: `P${n}`, email: `p${n}@example.org` });
    for (let i = 0; i < 3; i++) await createSignup(handle.db, event!.id, person(i));
    expect(await updateEvent(handle.db, actors.cooks!, event!.id, eventPatchSchema.parse({ capacity: 1 }))).toMatchObject({
      kind: 'invalid',
      errors: { capacity: '2 places are already taken' },
    });
    expect(await updateEvent(handle.db, actors.cafe!, event!.id, { capacity: 5 })).toEqual({ kind: 'forbidden' });
    expect((await updateEvent(handle.db, actors.cooks!, event!.id, { capacity: 3 })).kind).toBe('ok');
    const [after] = await handle.db.select().from(events).where(eq(events.id, event!.id));
    expect([after!.seatsTaken, after!.waitingCount, after!.sequence]).toEqual([3, 0, 0]);
    const patch = eventPatchSchema.parse({ start: '2031-03-30T18:00:00+03:00', end: '2031-03-30T20:00:00+03:00' });
    expect((await updateEvent(handle.db, actors.admin!, event!.id, patch)).kind).toBe('ok');
    const [moved] = await handle.db.select().from(events).where(eq(events.id, event!.id));
    expect(moved!.sequence).toBe(1);
    const changed = await handle.db.select().from(outbox).where(eq(outbox.kind, 'event-changed'));
    expect(changed).toHaveLength(3);
  });
});
