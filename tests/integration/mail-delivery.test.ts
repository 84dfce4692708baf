import { actorFor } from '#features/auth/policy.ts';
import { generateKeyPairSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#config';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { auditLog, users } from '#db/schema/users.ts';
import { emailChannel } from '#features/mail/channels.ts';
import { resendFailed } from '#features/mail/resend.ts';
import { workerSettings } from '#features/mail/settings.ts';
import { smtpTransport, type MailTransport } from '#features/mail/transport.ts';
import { retryHorizon, startWorker, workOnce, type WorkerSettings } from '#features/mail/worker.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { helsinki, makeEvent, makeHub, signupInput } from '../setup/fixtures.ts';
import { TestSmtp } from '../setup/smtp.ts';

// What makes email reach inboxes and never twice: DKIM, one-click headers, per-message leases,
// the retry horizon, and coordinators sending failed emails again.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const smtp = new TestSmtp();
const hour = 3_600_000;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dnsRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
// One-line environment files write the PEM's line breaks as "\n".
const config = parseConfig({
  PUBLIC_URL: 'https://tori.example.fi',
  MAIL_FROM: 'Kototori <tori@example.fi>',
  DKIM_DOMAIN: 'example.fi',
  DKIM_SELECTOR: 'tori2026',
  DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
});
const settings: WorkerSettings = { batchSize: 10, leaseSeconds: 60, maxAttempts: 8, retryBaseSeconds: 0.01 };
// DNS as the receiver would see it, from the test: the DKIM key record and nothing else.
const resolver = async (name: string, type: string) => {
  if (name === 'tori2026._domainkey.example.fi' && type === 'TXT') return [[dnsRecord]];
  throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const guest = () => signupInput();

async function drain(transport: MailTransport, now: Date) {
  for (let i = 0; i < 20; i++) if ((await workOnce(handle.db, emailChannel(transport, config), settings, now)).claimed === 0) return;
}

beforeAll(async () => {
  // Manage links are built from the configuration the app reads (PUBLIC_URL).
  process.env.PUBLIC_URL = 'https://tori.example.fi';
  [handle] = await Promise.all([createTestDatabase(), smtp.start()]);
  ids = await makeHub(handle.db, 'main');
});
afterAll(async () => {
  await smtp.stop();
  await handle?.close();
});
beforeEach(() => {
  smtp.received = [];
  smtp.delayMs = 0;
});

describe('a reminder as an inbox receives it', () => {
  it('is DKIM-signed (mailauth verifies it against the published key), one-click unsubscribable and marked auto-generated', async () => {
    const start = helsinki(2031, 3, 12, 17);
    const slug = await makeEvent(handle.db, ids, start, { slug: 'signed', mode: 'signup', capacity: 10 });
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    await createSignup(handle.db, event!.id, guest(), new Date(start.getTime() - 72 * hour));
    const transport = smtpTransport(smtp.url, config.dkim);
    await drain(transport, new Date(start.getTime() - 23 * hour));
    transport.close();
    await smtp.waitFor(2);
    const reminder = smtp.received.find((m) => m.mail.subject?.startsWith('Muistutus'))!;
    expect(reminder).toBeDefined();

    const verified = await dkimVerify(Buffer.from(reminder.raw), { resolver });
    expect(verified.results.map((r) => [r.signingDomain, r.status.result])).toEqual([['example.fi', 'pass']]);
    // The receiver acts on these headers, so the signature covers them.
    const signed = reminder.mail.headers.get('dkim-signature') as { params: { h: string } };
    for (const header of ['list-unsubscribe', 'list-unsubscribe-post', 'auto-submitted'])
      expect(signed.params.h.toLowerCase().split(':')).toContain(header);
    const unfolded = reminder.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/^List-Unsubscribe: +<https:\/\/tori\.example\.fi\/fi\/signup\/[\w-]+\?reminders=off>\r?$/m);
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    for (const m of smtp.received) expect(m.raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);

    // A message changed on the way no longer passes: the check above can fail.
    const tampered = reminder.raw.replace(/^Subject: .*$/m, 'Subject: Voitit arpajaisissa');
    const refused = await dkimVerify(Buffer.from(tampered), { resolver });
    expect(refused.results[0]!.status.result).toBe('fail');
  });
});

describe('a slow SMTP server (the answer to DATA comes after the lease would end)', () => {
  it('with two workers, every message is delivered exactly once', async () => {
    await handle.db.insert(outbox).values(
      Array.from({ length: 6 }, (_, i) => ({
        hubId: ids.hub.id,
        kind: 'login-link' as const,
        recipient: `slow${i}@example.org`,
        language: 'fi',
        payload: { url: `https://tori.example.fi/login/${i}` },
      })),
    );
    smtp.delayMs = 2_500;
    const slow: WorkerSettings = { ...settings, leaseSeconds: 1 };
    const log = { info: () => undefined, error: () => undefined };
    const transports = [smtpTransport(smtp.url), smtpTransport(smtp.url)];
    const workers = transports.map((t) =>
      startWorker({ db: handle.db, channel: emailChannel(t, config), settings: slow, pollMs: 50, log }),
    );
    await smtp.waitFor(6, 60_000);
    // A second copy would arrive one lease and one slow answer later.
    await sleep(4_000);
    await Promise.all(workers.map((w) => w.stop()));
    for (const t of transports) t.close();
    expect(smtp.received).toHaveLength(6);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(6);
    const rows = await handle.db
      .select({ status: outbox.status, attempts: outbox.attempts })
      .from(outbox)
      .where(eq(outbox.kind, 'login-link'));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  }, 60_000);
});

describe('retries', () => {
  it('with the default settings span more than a day of SMTP outage, even with the jitter at its low end', () => {
    const defaults = workerSettings(parseConfig({}));
    const horizon = retryHorizon(defaults);
    expect(horizon.least).toBeGreaterThanOrEqual(24 * 3600);
    expect(Math.round(horizon.nominal)).toBe(116_130); // 32.3 h, as README and decision 008 say
  });
});

describe('sending failed emails again', () => {
  const dead = () => smtpTransport('smtp://127.0.0.1:9');

  async function failAll() {
    const transport = dead();
    for (let i = 0; i < settings.maxAttempts + 1; i++)
      await workOnce(handle.db, emailChannel(transport, config), settings, new Date(Date.now() + (i + 1) * 5 * hour));
    transport.close();
  }

  it("one message, or all failed since a day; each in the audit log; only for the hub's admin", async () => {
    const [admin, leader] = await handle.db
      .insert(users)
      .values([
        { hubId: ids.hub.id, email: 'coord@example.org', role: 'admin' },
        { hubId: ids.hub.id, email: 'lea@example.org', role: 'leader' },
      ])
      .returning();
    const other = await makeHub(handle.db, 'other');
    const [stranger] = await handle.db
      .insert(users)
      .values({ hubId: other.hub.id, email: 'coord@other.example.org', role: 'admin' })
      .returning();
    await handle.db.delete(outbox);
    const slug = await makeEvent(handle.db, ids, new Date(Date.now() + 10 * 86_400_000), { mode: 'signup', capacity: 10 });
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    for (let i = 0; i < 3; i++) await createSignup(handle.db, event!.id, guest());
    await handle.db.insert(outbox).values({
      hubId: ids.hub.id,
      kind: 'login-link',
      recipient: 'coord@example.org',
      language: 'fi',
      payload: { url: 'https://tori.example.fi/login/x' },
    });
    await failAll();
    const failed = await handle.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(failed).toHaveLength(4);
    const [one] = failed;

    expect(await resendFailed(handle.db, await actorFor(handle.db, leader!), ids.hub.id, { kind: 'one', id: one!.id })).toEqual({
      kind: 'forbidden',
    });
    expect(await resendFailed(handle.db, await actorFor(handle.db, stranger!), ids.hub.id, { kind: 'one', id: one!.id })).toEqual({
      kind: 'forbidden',
    });
    // An admin of another hub, in their own hub, finds none of this hub's messages.
    expect(
      await resendFailed(handle.db, await actorFor(handle.db, stranger!), other.hub.id, { kind: 'since', since: new Date(0) }),
    ).toEqual({ kind: 'resent', count: 0 });
    expect(
      await resendFailed(handle.db, await actorFor(handle.db, admin!), ids.hub.id, {
        kind: 'one',
        id: '00000000-0000-4000-8000-000000000000',
      }),
    ).toEqual({ kind: 'not-found' });

    expect(await resendFailed(handle.db, await actorFor(handle.db, admin!), ids.hub.id, { kind: 'one', id: one!.id })).toEqual({
      kind: 'resent',
      count: 1,
    });
    expect(await resendFailed(handle.db, await actorFor(handle.db, admin!), ids.hub.id, { kind: 'one', id: one!.id })).toEqual({
      kind: 'not-found',
    });
    const transport = smtpTransport(smtp.url, config.dkim);
    await drain(transport, new Date());
    await smtp.waitFor(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${one!.id}@tori.example.fi>`]);

    // "Since" is when they failed: a later date finds none, an earlier one the other three.
    const tomorrow = new Date(Date.now() + 30 * 86_400_000);
    expect(await resendFailed(handle.db, await actorFor(handle.db, admin!), ids.hub.id, { kind: 'since', since: tomorrow })).toEqual({
      kind: 'resent',
      count: 0,
    });
    expect(
      await resendFailed(handle.db, await actorFor(handle.db, admin!), ids.hub.id, {
        kind: 'since',
        since: new Date(Date.now() - 86_400_000),
      }),
    ).toEqual({ kind: 'resent', count: 3 });
    await drain(transport, new Date());
    await smtp.waitFor(4);
    transport.close();
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(4);
    expect((await handle.db.select().from(outbox).where(eq(outbox.status, 'sent'))).length).toBe(4);

    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'outbox.resend'), eq(auditLog.userId, admin!.id)));
    expect(audit.map((a) => a.entityId).sort()).toEqual(failed.map((f) => f.id).sort());
    expect(audit.filter((a) => 'since' in a.details)).toHaveLength(3);
    // The SMTP error may quote the recipient's address, and the change log outlives retention.
    expect(audit.every((a) => !('lastError' in a.details))).toBe(true);
  }, 60_000);
});
