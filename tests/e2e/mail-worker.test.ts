import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { openStorage, usingPostgres } from '../setup/db.ts';
import { newStorage, type Storage } from '../setup/server.ts';
import { startWorker, stopped, stopWorkers } from '../setup/worker.ts';
import { TestSmtp } from '../setup/smtp.ts';

const smtp = new TestSmtp();
let storage: Storage | undefined;
/** A worker on this test's data, sending to the test's own server; `env` adds to its settings. */
const worker = (env: Record<string, string> = {}) => startWorker(storage!, { SMTP_URL: smtp.url, LOG_LEVEL: 'warn', ...env }).child;
const open = () => openStorage(storage!, 2);

async function queue(count: number) {
  const handle = await open();
  try {
    // Every message belongs to a hub; the first call makes one.
    const [found] = await handle.db.select({ id: hubs.id }).from(hubs).limit(1);
    const hub = found ?? (await handle.db.insert(hubs).values({ slug: 'main', name: 'Main' }).returning({ id: hubs.id }))[0];
    const rows = Array.from({ length: count }, (_, i) => ({
      hubId: hub!.id,
      kind: 'login-link' as const,
      recipient: `leader${i}@example.org`,
      language: 'fi',
      payload: { url: `https://tori.example.fi/login/${i}` },
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

beforeAll(async () => {
  await smtp.start();
});

beforeEach(async () => {
  smtp.received = [];
  smtp.delayMs = 0;
  // A migrated database of its own for each test, copied from the run's template.
  await storage?.drop();
  storage = await newStorage('migrated');
});

afterAll(async () => {
  await stopWorkers('SIGKILL');
  await smtp.stop();
  await storage?.drop();
});

describe.skipIf(!usingPostgres)('two workers at once on PostgreSQL', () => {
  it('deliver 500 due messages, every one exactly once', async () => {
    await queue(500);
    const [a, b] = [worker(), worker()];
    await smtp.waitFor(500, 120_000);
    await new Promise((r) => setTimeout(r, 1_000));
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([stopped(a), stopped(b)]);
    expect(smtp.received).toHaveLength(500);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(500);
    expect(await statuses()).toEqual([{ status: 'sent', n: 500 }]);
  });
});

describe.skipIf(!usingPostgres)('two worker processes and a slow SMTP server on PostgreSQL', () => {
  it('an answer to DATA that comes after the lease would end still sends every message once', async () => {
    await queue(10);
    smtp.delayMs = 2_500;
    const [a, b] = [worker({ MAIL_LEASE_SECONDS: '1' }), worker({ MAIL_LEASE_SECONDS: '1' })];
    await smtp.waitFor(10, 120_000);
    // A second copy would come one lease and one slow answer later.
    await new Promise((r) => setTimeout(r, 4_000));
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([stopped(a), stopped(b)]);
    expect(smtp.received).toHaveLength(10);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(10);
    expect(await statuses()).toEqual([{ status: 'sent', n: 10 }]);
  }, 180_000);
});

describe('a worker killed in the middle of a batch', () => {
  it('loses nothing: a restarted worker takes over what the dead one had claimed', async () => {
    await queue(60);
    smtp.delayMs = 40;
    const doomed = worker({ MAIL_LEASE_SECONDS: '2', MAIL_CONCURRENCY: '3' });
    await smtp.waitFor(15, 60_000);
    // A slow answer holds the message being sent, so the kill finds one claimed for sure.
    smtp.delayMs = 1_500;
    await new Promise((r) => setTimeout(r, 300));
    doomed.kill('SIGKILL');
    await stopped(doomed);
    const claimed = (await statuses()).find((s) => s.status === 'sending');
    expect(claimed?.n ?? 0).toBeGreaterThan(0);
    smtp.delayMs = 0;
    const heir = worker({ MAIL_LEASE_SECONDS: '2' });
    const until = Date.now() + 60_000;
    // Until every message is recorded sent: those in hand at the kill may have reached the mail
    // server already, and go again once their lease runs out.
    // The embedded database has one opener (the worker): there, the lease (2 s) and the resend get time instead.
    const resendBy = Date.now() + 8_000;
    const allSent = async () =>
      usingPostgres ? JSON.stringify(await statuses()) === JSON.stringify([{ status: 'sent', n: 60 }]) : Date.now() > resendBy;
    while ((new Set(smtp.received.map((m) => m.messageId)).size < 60 || !(await allSent())) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    heir.kill('SIGTERM');
    await stopped(heir);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(60);
    // At most the messages being handed to SMTP at the kill may arrive twice, one per lane
    // (MAIL_CONCURRENCY); a second copy has the same Message-ID.
    expect(smtp.received.length - 60).toBeLessThanOrEqual(3);
    expect(await statuses()).toEqual([{ status: 'sent', n: 60 }]);
    // Its own waits allow a minute each (two workers each open the database): room for both.
  }, 180_000);
});

if (!usingPostgres) console.warn('two-worker mail test skipped: set DATABASE_URL to run it on PostgreSQL');
