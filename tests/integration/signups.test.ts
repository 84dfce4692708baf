import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signupDecoys } from '#db/schema/signup-decoys.ts';
import { signups, signupTokens } from '#db/schema/signups.ts';
import { cancelSignup, createSignup, updateSignup } from '#features/signups/mutations.ts';
import { hashToken } from '#lib/tokens.ts';
import { hitRateLimit } from '#features/rate-limit/mutations.ts';
import { findBrokenCounters } from '#features/seats/check.ts';
import { createTestDatabase } from '../setup/db.ts';
import { helsinki, makeEvent, makeHub, signupInput } from '../setup/fixtures.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const now = helsinki(2027, 5, 1, 12);
const start = helsinki(2027, 5, 10, 17);

const person = signupInput;

async function eventId(slug: string) {
  const [row] = await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug));
  return row!.id;
}

async function state(slug: string) {
  const id = await eventId(slug);
  const [event] = await handle.db.select().from(events).where(eq(events.id, id));
  const rows = await handle.db.select().from(signups).where(eq(signups.eventId, id)).orderBy(signups.queueNo);
  return { event: event!, rows };
}

async function counts() {
  const [s] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(signups);
  const [o] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
  return { signups: s!.n, outbox: o!.n };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const signup = { mode: 'signup' as const, waitlist: true, maxPartySize: 4 };
  await makeEvent(handle.db, ids, start, { slug: 'small', ...signup, capacity: 4 });
  await makeEvent(handle.db, ids, start, { slug: 'promo', ...signup, capacity: 4 });
  await makeEvent(handle.db, ids, start, { slug: 'resize', ...signup, capacity: 4 });
  await makeEvent(handle.db, ids, start, { slug: 'nowait', ...signup, capacity: 2, waitlist: false });
  await makeEvent(handle.db, ids, start, { slug: 'closed', ...signup, capacity: 9, signupClosesAt: helsinki(2027, 4, 30) });
  await makeEvent(handle.db, ids, start, { slug: 'not-open', ...signup, capacity: 9, signupOpensAt: helsinki(2027, 5, 2) });
  await makeEvent(handle.db, ids, start, { slug: 'called-off', ...signup, capacity: 9, status: 'cancelled' });
  await makeEvent(handle.db, ids, start, { slug: 'cafe', mode: 'dropin' });
  await makeEvent(handle.db, ids, start, { slug: 'kids', ...signup, capacity: 3, freeChildAge: 3 });
});

afterAll(async () => {
  await handle?.close();
});

describe('signing up', () => {
  it('confirms while seats last, then waitlists in arrival order', async () => {
    const id = await eventId('small');
    const outcomes = [];
    for (const adults of [2, 1, 1, 1, 2]) outcomes.push(await createSignup(handle.db, id, person({ adults }), now));
    expect(outcomes.map((o) => o.kind)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(outcomes.slice(3).map((o) => (o.kind === 'waitlisted' ? o.position : null))).toEqual([1, 2]);
    const { event, rows } = await state('small');
    expect(event.seatsTaken).toBe(4);
    expect(event.waitingCount).toBe(2);
    expect(rows.filter((r) => r.status === 'confirmed').reduce((s, r) => s + r.seats, 0)).toBe(event.seatsTaken);
  });

  it('queues a confirmation carrying the manage link in the same transaction, and keeps only the token hash', async () => {
    const id = await eventId('kids');
    const outcome = await createSignup(handle.db, id, person({ email: 'Token@Example.org'.toLowerCase() }), now);
    expect(outcome.kind).toBe('confirmed');
    if (outcome.kind !== 'confirmed') return;
    expect(outcome.token.length).toBeGreaterThanOrEqual(27);
    const [message] = await handle.db.select().from(outbox).where(eq(outbox.signupId, outcome.signupId));
    expect(message).toMatchObject({ kind: 'signup-confirmed', recipient: 'token@example.org', status: 'pending' });
    expect(message!.payload.manageUrl).toMatch(new RegExp(`/fi/signup/${outcome.token}$`));
    const tokens = await handle.db.select().from(signupTokens).where(eq(signupTokens.signupId, outcome.signupId));
    expect(tokens.map((t) => t.tokenHash)).toEqual([hashToken(outcome.token)]);
  });

  it('lets small children sit on a lap when the event says so', async () => {
    const id = await eventId('kids');
    const outcome = await createSignup(handle.db, id, person({ adults: 2, smallChildren: 2 }), now);
    expect(outcome.kind).toBe('confirmed');
    expect((await state('kids')).event.seatsTaken).toBe(3);
  });

  it('answers a repeat by the same email or phone like a new sign-up, with a decoy that takes no seat', async () => {
    const id = await eventId('small');
    const first = person({ phone: '+358401112223' });
    const real = await createSignup(handle.db, id, first, now);
    expect(real).toMatchObject({ kind: 'waitlisted', position: 3 });
    const before = await counts();
    const { event: eventBefore } = await state('small');
    // What a new sign-up would get now: the next place on the waiting list.
    const again = await createSignup(handle.db, id, { ...first, name: 'Someone else' }, now);
    expect(again).toMatchObject({ kind: 'repeat', status: 'waitlisted', position: 4 });
    const stranger = person({ email: 'stranger@example.org', phone: '+358401112223' });
    const byPhone = await createSignup(handle.db, id, stranger, now);
    expect(byPhone).toMatchObject({ kind: 'repeat', status: 'waitlisted', position: 4 });
    const after = await counts();
    expect(after.signups).toBe(before.signups);
    const { event: eventAfter } = await state('small');
    expect([eventAfter.seatsTaken, eventAfter.waitingCount]).toEqual([eventBefore.seatsTaken, eventBefore.waitingCount]);
    const decoys = await handle.db.select().from(signupDecoys).where(eq(signupDecoys.eventId, id));
    expect(decoys.map((d) => d.name)).toEqual(['Someone else', byPhone.kind === 'repeat' ? stranger.name : '']);
    // The owner is told twice at their own address; the stranger's own address gets a new sign-up's message.
    expect(after.outbox).toBe(before.outbox + 3);
    const links = await handle.db.select().from(outbox).where(eq(outbox.kind, 'signup-link'));
    expect(links.map((l) => [l.recipient, l.signupId])).toEqual([
      [first.email, real.kind === 'waitlisted' ? real.signupId : ''],
      [first.email, links[0]!.signupId],
    ]);
    const [toStranger] = await handle.db.select().from(outbox).where(eq(outbox.recipient, 'stranger@example.org'));
    expect(toStranger).toMatchObject({ kind: 'signup-waitlisted', signupId: null, payload: { position: 4 } });
  });

  it.each([
    ['nowait-full', 'full'],
    ['closed', 'closed'],
    ['not-open', 'not-open'],
    ['called-off', 'event-cancelled'],
    ['cafe', 'no-signup'],
  ])('refuses %s with nothing stored', async (slug, kind) => {
    if (slug === 'nowait-full') {
      const id = await eventId('nowait');
      expect((await createSignup(handle.db, id, person({ adults: 2 }), now)).kind).toBe('confirmed');
      slug = 'nowait';
    }
    const before = await counts();
    const outcome = await createSignup(handle.db, await eventId(slug), person(), now);
    expect(outcome.kind).toBe(kind);
    expect(await counts()).toEqual(before);
  });

  it('refuses a party larger than the event allows, with nothing stored', async () => {
    const before = await counts();
    expect(await createSignup(handle.db, await eventId('nowait'), person({ adults: 3 }), now)).toEqual({ kind: 'party-too-big', max: 2 });
    expect(await counts()).toEqual(before);
  });

  it('the database refuses overbooking even if the code were wrong', async () => {
    const id = await eventId('nowait');
    const error = await handle.db
      .update(events)
      .set({ seatsTaken: 3 })
      .where(eq(events.id, id))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(constraintOf(error)).toBe('events_seats_within_capacity');
    // A sign-up written past the seats module leaves the counter behind: the check names the event.
    expect(await findBrokenCounters(handle.db)).toEqual([]);
    const [stray] = await handle.db
      .insert(signups)
      .values({
        eventId: id,
        name: 'Past the counter',
        email: 'stray@example.org',
        adults: 1,
        seats: 1,
        status: 'confirmed',
        language: 'fi',
        consentAt: now,
      })
      .returning({ id: signups.id });
    expect((await findBrokenCounters(handle.db)).map((b) => [b.eventId, b.seatsTaken, b.confirmedSeats])).toEqual([[id, 2, 3]]);
    await handle.db.delete(signups).where(eq(signups.id, stray!.id));
    expect(await findBrokenCounters(handle.db)).toEqual([]);
  });
});

/** The name of the CHECK constraint a query failed on (drizzle wraps the driver's error). */
function constraintOf(error: unknown): string | null {
  for (
    let e = error as { cause?: unknown; constraint_name?: string; constraint?: string; code?: string } | null;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === '23514') return e.constraint_name ?? e.constraint ?? null;
  }
  return null;
}

describe('cancelling and the waiting list', () => {
  it('promotes first come first served; a party that does not fit keeps its place', async () => {
    const id = await eventId('promo');
    const make = async (label: string, adults: number) => {
      const o = await createSignup(handle.db, id, person({ name: label, adults }), now);
      return o.kind === 'confirmed' || o.kind === 'waitlisted' ? o.signupId : '';
    };
    const a = await make('A', 2);
    const b = await make('B', 2);
    await make('C', 3);
    await make('D', 1);
    await make('E', 2);
    const status = async () => Object.fromEntries((await state('promo')).rows.map((r) => [r.name, r.status]));
    expect(await cancelSignup(handle.db, a, now)).toEqual({ kind: 'cancelled', promoted: 1 });
    expect(await status()).toEqual({ A: 'cancelled', B: 'confirmed', C: 'waitlisted', D: 'confirmed', E: 'waitlisted' });
    expect(await cancelSignup(handle.db, b, now)).toEqual({ kind: 'cancelled', promoted: 1 });
    expect(await status()).toEqual({ A: 'cancelled', B: 'cancelled', C: 'confirmed', D: 'confirmed', E: 'waitlisted' });
    const { event } = await state('promo');
    expect([event.seatsTaken, event.waitingCount]).toEqual([4, 1]);
    expect(await cancelSignup(handle.db, a, now)).toEqual({ kind: 'already-cancelled' });
    const promotions = await handle.db.select().from(outbox).where(eq(outbox.kind, 'signup-promoted'));
    expect(promotions).toHaveLength(2);
  });

  it('lets a cancelled person sign up again', async () => {
    const id = await eventId('promo');
    const [cancelled] = (await state('promo')).rows.filter((r) => r.name === 'A');
    const again = await createSignup(handle.db, id, person({ email: cancelled!.email }), now);
    expect(again.kind).toBe('waitlisted');
  });
});

describe('changing the party', () => {
  it('grows only into free seats and shrinking lets the waiting list move up', async () => {
    const id = await eventId('resize');
    const first = await createSignup(handle.db, id, person({ adults: 2 }), now);
    await createSignup(handle.db, id, person({ adults: 2 }), now);
    const waiting = await createSignup(handle.db, id, person({ adults: 1 }), now);
    expect(waiting.kind).toBe('waitlisted');
    if (first.kind !== 'confirmed') throw new Error('expected a place');
    expect(await updateSignup(handle.db, first.signupId, { adults: 3, children: 0, smallChildren: 0, answers: {} }, now)).toEqual({
      kind: 'no-room',
      free: 0,
    });
    expect(await updateSignup(handle.db, first.signupId, { adults: 1, children: 0, smallChildren: 0, answers: {} }, now)).toEqual({
      kind: 'updated',
      status: 'confirmed',
    });
    const { event, rows } = await state('resize');
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect([event.seatsTaken, event.waitingCount]).toEqual([4, 0]);
  });
});

describe('rate limits in the database', () => {
  it('allows the limit, then refuses with a retry time', async () => {
    const rule = { limit: 3, windowSeconds: 60 };
    const at = new Date('2027-05-01T10:00:30Z');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(handle.db, 'test:key', rule, at));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect((await hitRateLimit(handle.db, 'test:key', rule, new Date('2027-05-01T10:01:00Z'))).allowed).toBe(true);
  });
});
