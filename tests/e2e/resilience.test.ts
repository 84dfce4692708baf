import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { usingPostgres } from '../setup/db.ts';
import { addSignupEvent } from '../setup/fixtures.ts';
import { postJson } from '../setup/http.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';
import { startWorker, type RunningWorker } from '../setup/worker.ts';

// Outages are made on the test's own scratch database only (never the cluster).
if (!usingPostgres) console.warn('database outage tests skipped: set DATABASE_URL to run them on PostgreSQL');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fetch that gives up after `ms` (the test then fails on time, not on a hang). */
async function timed(url: string, init: RequestInit = {}, ms = 10_000) {
  const started = Date.now();
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ms) });
  return { response, ms: Date.now() - started };
}

function databaseName(url: string) {
  return new URL(url).pathname.slice(1);
}

/** The app's connections to its own scratch database, closed from outside. */
async function terminate(admin: postgres.Sql, name: string): Promise<number> {
  const rows = await admin.unsafe(
    'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  return rows.length;
}

describe.skipIf(!usingPostgres)('the database connections are cut, again and again, under traffic (PostgreSQL)', () => {
  let server: RunningServer;
  let worker: RunningWorker;
  let admin: postgres.Sql;
  let db: DbHandle;
  let eventId: string;
  let name: string;

  beforeAll(async () => {
    server = await startServer({ MAIL_WORKER: 'off', SEED_DEMO: 'false', TRUST_PROXY: 'true' });
    name = databaseName(server.storage.databaseUrl);
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    db = await openServerDatabase(server);
    eventId = await addSignupEvent(db.db, { slug: 'stormy-evening', title: 'Myrskyinen ilta', capacity: 400 });
    worker = startWorker(server.storage, { MAIL_POLL_MS: '200' });
  });

  afterAll(async () => {
    await worker?.stop();
    await db?.close();
    await admin?.end();
    await server?.stop();
  });

  it('server and worker stay up after 20 cuts, answer /healthz within 10 s, and no sign-up is half-written', async () => {
    let stop = false;
    let sent = 0;
    const statuses = new Map<number, number>();
    // Steady traffic, bounded in count and time: pages, API reads and sign-ups.
    const traffic = (async () => {
      for (let i = 0; i < 3_000 && !stop; i++) {
        const requests = [
          fetch(`${server.url}/fi/events`),
          fetch(`${server.url}/api/v1/events?limit=5`),
          postJson(
            `${server.url}/api/v1/events/${eventId}/signups`,
            { name: `Guest ${i}`, email: `guest${i}@example.org`, adults: 1 + (i % 2), consent: true },
            { 'X-Forwarded-For': `10.2.${i >> 8}.${i & 255}` },
          ),
        ];
        for (const outcome of await Promise.allSettled(requests)) {
          sent += 1;
          const status = outcome.status === 'fulfilled' ? outcome.value.status : 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (outcome.status === 'fulfilled') await outcome.value.body?.cancel();
        }
        await sleep(80);
      }
    })();

    for (let round = 1; round <= 20; round++) {
      await sleep(300 + Math.random() * 400);
      await terminate(admin, name);
      await sleep(200);
      expect(server.process.exitCode, `server after cut ${round}:\n${server.output().slice(-2000)}`).toBeNull();
      expect(worker.child.exitCode, `worker after cut ${round}:\n${worker.output().slice(-2000)}`).toBeNull();
      const deadline = Date.now() + 10_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline) {
        const probe = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
        healthy = probe?.status === 200;
        if (!healthy) await sleep(200);
      }
      expect(healthy, `healthz 200 within 10 s after cut ${round}`).toBe(true);
    }
    stop = true;
    await traffic;
    expect(sent).toBeGreaterThan(60);
    // No 500 and nothing unanswered: a cut is a 503 at worst.
    const failures = server
      .output()
      .split('\n')
      .filter((line) => /"status":5\d\d|"unavailable":false|"level":[56]0/.test(line) && !line.includes('"unavailable":true'));
    expect(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 201 && s !== 503),
      `${JSON.stringify([...statuses])}\n${failures.join('\n')}`,
    ).toEqual([]);
    expect(server.process.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();

    // Every sign-up whole: counters are the sums of the confirmed parties, each row has its email.
    const [counter] = await db.query<{ taken: number; confirmed: number }>(
      `SELECT e.seats_taken AS taken, COALESCE((SELECT SUM(seats) FROM signups s WHERE s.event_id = e.id AND s.status = 'confirmed'), 0)::int AS confirmed
       FROM events e WHERE e.id = $1`,
      [eventId],
    );
    expect(counter!.taken).toBe(counter!.confirmed);
    const broken = await db.query(
      `SELECT s.id FROM signups s WHERE s.event_id = $1 AND (s.name IS NULL OR s.email IS NULL OR s.seats <> s.adults + s.children
         OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.signup_id = s.id)
         OR NOT EXISTS (SELECT 1 FROM signup_tokens t WHERE t.signup_id = s.id))`,
      [eventId],
    );
    expect(broken).toEqual([]);
    const [{ count }] = (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM signups WHERE event_id = $1', [
      eventId,
    ])) as [{ count: number }];
    expect(count).toBeGreaterThan(0);
    // Every line either process wrote is a JSON line, and none carries a sign-up's address.
    for (const [who, text] of [
      ['server', server.output()],
      ['worker', worker.output()],
    ] as const) {
      for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), `${who}: ${line}`).not.toThrow();
      expect(text).not.toMatch(/guest\d+@example\.org/);
    }
  }, 240_000);
});

describe.skipIf(!usingPostgres)('the database refuses connections (PostgreSQL)', () => {
  let server: RunningServer;
  let admin: postgres.Sql;
  let name: string;

  beforeAll(async () => {
    server = await startServer();
    name = databaseName(server.storage.databaseUrl);
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await admin?.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin?.end();
    await server?.stop();
  });

  it('pages and the API answer 503 within 5 s, localized with Retry-After; healthz 503; 200 again when it returns', async () => {
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await terminate(admin, name);

    for (const lang of uiLanguages) {
      const { response, ms } = await timed(`${server.url}/${lang}/events`);
      expect(response.status, lang).toBe(503);
      expect(ms, lang).toBeLessThan(5_000);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr'}">`);
      expect(html).not.toMatch(/at .*\.(ts|js|mjs):\d+|select |pg_/i);
    }
    const english = await (await timed(`${server.url}/en/`)).response.text();
    expect(english).toContain('Please try again in a moment');

    const api = await timed(`${server.url}/api/v1/events`);
    expect(api.response.status).toBe(503);
    expect(api.ms).toBeLessThan(5_000);
    expect(api.response.headers.get('retry-after')).toBeTruthy();
    expect(await api.response.json()).toEqual({ error: 'unavailable', message: expect.any(String) });

    const signup = await timed(`${server.url}/api/v1/events/00000000-0000-4000-8000-000000000000/signups`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ann', email: 'ann@example.org', adults: 1 }),
    });
    expect(signup.response.status).toBe(503);
    expect(signup.ms).toBeLessThan(5_000);

    const health = await timed(`${server.url}/healthz`);
    expect(health.response.status).toBe(503);
    expect(health.ms).toBeLessThan(5_000);
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).not.toContain('ann@example.org');

    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await timed(`${server.url}/healthz`)).response.status;
      if (status !== 200) await sleep(200);
    }
    expect(status).toBe(200);
    expect((await timed(`${server.url}/fi/events`)).response.status).toBe(200);
    expect((await timed(`${server.url}/api/v1/events`)).response.status).toBe(200);
  }, 120_000);
});
