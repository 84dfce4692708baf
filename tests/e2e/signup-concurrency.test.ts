import { eq } from 'drizzle-orm';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { findBrokenCounters } from '#features/seats/check.ts';
import { usingPostgres } from '../setup/db.ts';
import { addSignupEvent } from '../setup/fixtures.ts';
import { postJson } from '../setup/http.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';

// Real concurrency needs real connections: PGlite serialises everything in one process.
if (!usingPostgres) console.warn('signup concurrency tests skipped: set DATABASE_URL to run them on PostgreSQL');

describe.skipIf(!usingPostgres)('sign-ups arriving at once, on PostgreSQL, through two app instances', () => {
  let first: RunningServer;
  let second: RunningServer;
  let db: DbHandle;
  let eventId: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    first = await startServer({ TRUST_PROXY: 'true', SEED_DEMO: 'false' });
    second = await startServer({ TRUST_PROXY: 'true', SEED_DEMO: 'false' }, first.storage);
    db = await openServerDatabase(first);
    eventId = await addSignupEvent(db.db, { slug: 'busy-evening', title: 'Suosittu ilta', capacity: 20 });
  });

  // After every race: each event's counters equal what its sign-ups add up to.
  afterEach(async () => {
    expect(await findBrokenCounters(db.db)).toEqual([]);
  });

  afterAll(async () => {
    await db?.close();
    await second?.stop({ keepData: true });
    await first?.stop();
  });

  const signUp = (i: number) =>
    postJson(
      `${(i % 2 ? second : first).url}/api/v1/events/${eventId}/signups`,
      { name: `Guest ${i}`, email: `guest${i}@example.org`, adults: 1, consent: true },
      { 'X-Forwarded-For': `10.1.${i >> 8}.${i & 255}` },
    );

  async function ledger() {
    const [event] = await db.db.select().from(events).where(eq(events.id, eventId));
    const rows = await db.query<{ email: string; status: string; queue_no: string; seats: number }>(
      'SELECT email, status, queue_no, seats FROM signups WHERE event_id = $1 ORDER BY queue_no',
      [eventId],
    );
    return { event: event!, rows };
  }

  it('200 at once for 20 seats: exactly 20 confirmed and 180 waiting, in arrival order', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => signUp(i)));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    bodies.forEach((b, i) => {
      tokens.set(`guest${i}@example.org`, b.manageUrl.split('/').at(-1));
    });
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(20);
    expect(
      bodies
        .filter((b) => b.status === 'waitlisted')
        .map((b) => b.position)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
    const { event, rows } = await ledger();
    expect([event.seatsTaken, event.waitingCount]).toEqual([20, 180]);
    // Arrival order is the order the database let them in: the first 20 in the queue have the seats.
    expect(rows.slice(0, 20).every((r) => r.status === 'confirmed')).toBe(true);
    expect(rows.slice(20).every((r) => r.status === 'waitlisted')).toBe(true);
  });

  it('cancelling 5 at once promotes exactly the next 5 in the queue', async () => {
    const before = await ledger();
    const leaving = before.rows.filter((r) => r.status === 'confirmed').slice(0, 5);
    const nextFive = before.rows
      .filter((r) => r.status === 'waitlisted')
      .slice(0, 5)
      .map((r) => r.email);
    const responses = await Promise.all(
      leaving.map((r, i) => postJson(`${(i % 2 ? second : first).url}/api/v1/signups/${tokens.get(r.email)}/cancel`, {})),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    const after = await ledger();
    expect(after.rows.filter((r) => nextFive.includes(r.email)).map((r) => r.status)).toEqual(Array(5).fill('confirmed'));
    expect([after.event.seatsTaken, after.event.waitingCount]).toEqual([20, 175]);
  });

  it('cancels and sign-ups racing each other never push confirmed seats over capacity', async () => {
    const { rows } = await ledger();
    const confirmed = rows.filter((r) => r.status === 'confirmed').slice(0, 15);
    const waiting = rows.filter((r) => r.status === 'waitlisted').slice(-15);
    const jobs = [
      ...confirmed.map((r, i) => () => postJson(`${(i % 2 ? second : first).url}/api/v1/signups/${tokens.get(r.email)}/cancel`, {})),
      ...waiting.map((r, i) => () => postJson(`${(i % 2 ? first : second).url}/api/v1/signups/${tokens.get(r.email)}/cancel`, {})),
      ...Array.from({ length: 40 }, (_, i) => () => signUp(1000 + i)),
    ].sort(() => Math.random() - 0.5);
    const responses = await Promise.all(jobs.map((job) => job()));
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const after = await ledger();
    const seats = after.rows.filter((r) => r.status === 'confirmed').reduce((s, r) => s + r.seats, 0);
    const waitingNow = after.rows.filter((r) => r.status === 'waitlisted').length;
    expect(seats).toBe(after.event.seatsTaken);
    expect(waitingNow).toBe(after.event.waitingCount);
    expect(seats).toBeLessThanOrEqual(20);
    // Nobody waits while a seat they fit in is free.
    if (waitingNow > 0) expect(seats).toBe(20);
    expect(after.rows.filter((r) => r.status === 'cancelled')).toHaveLength(5 + 30);
  });

  it("the operators' check passes, and names an event whose counter was changed by hand", async () => {
    const check = () =>
      spawnSync(process.execPath, ['src/cli.ts', 'check'], {
        env: { ...process.env, DATA_DIR: first.storage.dataDir, DATABASE_URL: first.storage.databaseUrl },
        encoding: 'utf8',
      });
    expect(check().status).toBe(0);
    await db.db.update(events).set({ waitingCount: 0 }).where(eq(events.id, eventId));
    const broken = check();
    expect(broken.status).toBe(1);
    expect(broken.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^busy-evening \(.+\): seats_taken 20 but confirmed parties hold 20; waiting_count 0 but \d+ waiting$/),
    ]);
    const [{ waiting }] = (await db.query<{ waiting: number }>(
      "SELECT count(*)::int AS waiting FROM signups WHERE event_id = $1 AND status = 'waitlisted'",
      [eventId],
    )) as [{ waiting: number }];
    await db.db.update(events).set({ waitingCount: waiting }).where(eq(events.id, eventId));
  });
});
