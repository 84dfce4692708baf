import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { openStorage, usingPostgres } from '../setup/db.ts';
import { newStorage, type Storage } from '../setup/server.ts';
import { startWorker, stopped, stopWorkers } from '../setup/worker.ts';
import { TestSmpp } from '../setup/smpp.ts';

// The worker processes (`npm run worker`) sending text messages to a real SMPP server: killed in
// the middle of a batch, and two at once on PostgreSQL. Same leases and rules as email.
const gateway = new TestSmpp();
let storage: Storage | undefined;
/** A worker on this test's data, sending to the test's own server; `env` adds to its settings. */
const worker = (env: Record<string, string> = {}) => startWorker(storage!, { SMS_URL: gateway.url, LOG_LEVEL: 'warn', ...env }).child;
const open = () => openStorage(storage!, 2);

const number = (i: number) => `+35840${String(2_000_000 + i)}`;

/** Queues `count` "event changed" text messages, each to a number of its own. */
async function queue(count: number) {
  const handle = await open();
  try {
    const [event] = await handle.db.select({ id: events.id, hubId: events.hubId }).from(events).limit(1);
    const rows = Array.from({ length: count }, (_, i) => ({
      hubId: event!.hubId,
      eventId: event!.id,
      kind: 'event-changed' as const,
      channel: 'sms' as const,
      recipient: number(i),
      language: i % 2 ? 'ar' : 'fi',
    }));
    for (let i = 0; i < rows.length; i += 100) await handle.db.insert(outbox).values(rows.slice(i, i + 100));
  } finally {
    await handle.close();
  }
}

async function statuses() {
  const handle = await open();
  try {
    return await handle.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM outbox GROUP BY status');
  } finally {
    await handle.close();
  }
}

const distinct = () => new Set(gateway.messages().map((m) => m.to)).size;

beforeAll(async () => {
  await gateway.start();
});

beforeEach(async () => {
  gateway.received = [];
  gateway.delayMs = 0;
  await storage?.drop();
  // The demo week: its events are what the messages are about.
  storage = await newStorage('demo');
  // The demo data queues no text messages of its own: only these are counted.
  expect(await statuses()).not.toContainEqual(expect.objectContaining({ status: 'pending' }));
});

afterAll(async () => {
  await stopWorkers('SIGKILL');
  await gateway.stop();
  await storage?.drop();
});

describe('a worker killed in the middle of a batch of text messages', () => {
  it('loses none: a restarted worker takes over what the dead one had claimed, and at most those in hand go twice', async () => {
    await queue(40);
    gateway.delayMs = 40;
    const doomed = worker({ MAIL_LEASE_SECONDS: '2', MAIL_CONCURRENCY: '3' });
    const until = (n: number) => gateway.waitFor(n, 60_000);
    await until(10);
    // A slow answer holds the message being submitted, so the kill finds one claimed for sure.
    gateway.delayMs = 1_500;
    await new Promise((r) => setTimeout(r, 300));
    doomed.kill('SIGKILL');
    await stopped(doomed);
    const claimed = (await statuses()).find((s) => s.status === 'sending');
    expect(claimed?.n ?? 0).toBeGreaterThan(0);
    gateway.delayMs = 0;
    const heir = worker({ MAIL_LEASE_SECONDS: '2' });
    const deadline = Date.now() + 60_000;
    // Until every message is recorded sent: those in hand at the kill may have reached the gateway
    // already, and go again once their lease runs out.
    // The embedded database has one opener (the worker): there, the lease (2 s) and the resend get time instead.
    const resendBy = Date.now() + 8_000;
    const allSent = async () =>
      usingPostgres ? JSON.stringify(await statuses()) === JSON.stringify([{ status: 'sent', n: 40 }]) : Date.now() > resendBy;
    while ((distinct() < 40 || !(await allSent())) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    heir.kill('SIGTERM');
    await stopped(heir);
    expect(distinct()).toBe(40);
    // One in hand per lane (MAIL_CONCURRENCY) may go twice.
    expect(gateway.messages().length - 40).toBeLessThanOrEqual(3);
    expect(await statuses()).toEqual([{ status: 'sent', n: 40 }]);
  }, 180_000);
});

describe.skipIf(!usingPostgres)('two worker processes at once on PostgreSQL', () => {
  it('deliver 200 due text messages, every one exactly once', async () => {
    await queue(200);
    const [a, b] = [worker(), worker()];
    await gateway.waitFor(200, 120_000);
    await new Promise((r) => setTimeout(r, 1_000));
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([stopped(a), stopped(b)]);
    expect(gateway.messages()).toHaveLength(200);
    expect(distinct()).toBe(200);
    // Two binds, one per worker: each keeps its session for the whole run.
    expect(gateway.binds).toBeGreaterThanOrEqual(2);
    expect(await statuses()).toEqual([{ status: 'sent', n: 200 }]);
  }, 180_000);
});

if (!usingPostgres) console.warn('two-worker text message test skipped: set DATABASE_URL to run it on PostgreSQL');
