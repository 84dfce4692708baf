import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { catalogs } from '#i18n/catalog.ts';
import { translator } from '#i18n/translate.ts';
import { cli, formHeaders, signInByLink } from '../setup/accounts.ts';
import { eventIdFromPage, postJson, slugsFromListing } from '../setup/http.ts';
import { startServer, type RunningServer, type Storage } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The coordinator sends failed emails again from the outbox page (a plain form post), and a
// mail provider's one-click unsubscribe (RFC 8058) stops a sign-up's reminders.
const smtp = new TestSmtp();
let server: RunningServer;
let admin = '';
let leader = '';
let eventId = '';
let failedIds: string[] = [];
const fi = catalogs.fi.messages as Record<string, string>;
const t = translator('fi');
const open = (storage: Storage) => openDatabase({ url: storage.databaseUrl || undefined, dataDir: `${storage.dataDir}/pgdata` });
const post = (path: string, cookie: string, fields: Record<string, string>) =>
  fetch(server.url + path, { method: 'POST', headers: formHeaders(server, cookie), body: new URLSearchParams(fields), redirect: 'manual' });
const outboxPage = '/fi/manage/admin/outbox';

beforeAll(async () => {
  await smtp.start();
  server = await startServer();
  eventId = await eventIdFromPage(server.url, (await slugsFromListing(server.url, '/en/events?mode=signup'))[0]!);
  await server.stop({ keepData: true });
  cli(server.storage, ['user', 'add', '--email', 'coord@example.org', '--role', 'admin']);
  cli(server.storage, ['user', 'add', '--email', 'lea@example.org', '--role', 'leader', '--group', 'cooking-together']);
  // Two emails that ran out of attempts: one in January, one today.
  const handle = await open(server.storage);
  const [hub] = await handle.db.select({ id: hubs.id }).from(hubs);
  const rows = await handle.db
    .insert(outbox)
    .values([
      {
        hubId: hub!.id,
        kind: 'login-link',
        recipient: 'coord@example.org',
        language: 'fi',
        payload: { url: 'https://tori.example.fi/a' },
        status: 'failed',
        attempts: 17,
        lastError: 'Error: connect ECONNREFUSED',
        runAfter: new Date('2026-01-10T10:00:00Z'),
      },
      {
        hubId: hub!.id,
        kind: 'login-link',
        recipient: 'coord@example.org',
        language: 'fi',
        payload: { url: 'https://tori.example.fi/b' },
        status: 'failed',
        attempts: 17,
        lastError: 'Error: connect ECONNREFUSED',
        runAfter: new Date(),
      },
    ])
    .returning({ id: outbox.id });
  failedIds = rows.map((r) => r.id);
  await handle.close();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, server.storage);
  admin = await signInByLink(server, smtp, 'coord@example.org');
  leader = await signInByLink(server, smtp, 'lea@example.org');
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('sending failed emails again from the outbox page', () => {
  it('is for the coordinator only', async () => {
    const refused = await post(outboxPage, leader, { action: 'resend-one', id: failedIds[0]! });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(fi['admin.only']);
    // Signed out: to the login page, nothing resent.
    expect(
      (
        await fetch(server.url + outboxPage, {
          method: 'POST',
          headers: formHeaders(server),
          body: new URLSearchParams({ action: 'resend-one', id: failedIds[0]! }),
          redirect: 'manual',
        })
      ).status,
    ).toBe(303);
  });

  it('bad input gets a localized error, never a 500', async () => {
    const badDate = await post(outboxPage, admin, { action: 'resend-since', since: '2026-02-31' });
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain(fi['admin.resendBadDate']);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', '']) {
      const unknown = await post('/ar/manage/admin/outbox', admin, { action: 'resend-one', id });
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain((catalogs.ar.messages as Record<string, string>)['admin.resendUnknown']);
    }
    expect((await post(outboxPage, admin, { action: 'something' })).status).toBe(404);
  });

  it('one message, then all failed since a day; both in the change log', async () => {
    const before = smtp.received.length;
    const one = await post(outboxPage, admin, { action: 'resend-one', id: failedIds[0]! });
    expect(one.status).toBe(303);
    expect(one.headers.get('location')).toBe(`${outboxPage}?resent=1`);
    expect(await (await fetch(server.url + one.headers.get('location')!, { headers: { Cookie: admin } })).text()).toContain(
      t('admin.resent', { count: 1 }),
    );
    await smtp.waitFor(before + 1);
    expect(smtp.received.at(-1)!.messageId).toBe(`<${failedIds[0]}@localhost>`);

    // Since yesterday: the one that failed today (January's went already).
    const since = hubDay(new Date(Date.now() - 86_400_000), 'Europe/Helsinki');
    const all = await post(outboxPage, admin, { action: 'resend-since', since });
    expect(all.headers.get('location')).toBe(`${outboxPage}?resent=1`);
    await smtp.waitFor(before + 2);
    expect(
      smtp.received
        .slice(before)
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(failedIds.map((id) => `<${id}@localhost>`).sort());
    expect((await post(outboxPage, admin, { action: 'resend-since', since: '2026-01-01' })).headers.get('location')).toBe(
      `${outboxPage}?resent=0`,
    );

    const log = await (await fetch(`${server.url}/fi/manage/admin/audit`, { headers: { Cookie: admin } })).text();
    // In words (decision 029): two resends, the change log says so twice.
    expect(log.split(`<td>${fi['audit.action.outbox.resend']}</td>`)).toHaveLength(3);
    expect(log).toContain(`&quot;since&quot;:&quot;`);
  });
});

describe('one-click unsubscribe from a reminder (RFC 8058)', () => {
  let manageUrl = '';
  let other = '';

  it('a POST with no cookie and no Origin stops the reminders, in either form encoding', async () => {
    const made = await postJson(`${server.url}/api/v1/events/${eventId}/signups`, {
      name: 'Aino',
      email: 'aino@example.org',
      adults: 1,
      consent: true,
    });
    expect(made.status).toBe(201);
    manageUrl = new URL(((await made.json()) as { manageUrl: string }).manageUrl).pathname;
    const made2 = await postJson(`${server.url}/api/v1/events/${eventId}/signups`, {
      name: 'Omar',
      email: 'omar@example.org',
      adults: 1,
      consent: true,
    });
    other = new URL(((await made2.json()) as { manageUrl: string }).manageUrl).pathname;

    const wrong = await fetch(`${server.url}${manageUrl}?reminders=off`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=Maybe',
    });
    expect(wrong.status).toBe(400);
    expect(await (await fetch(`${server.url}${manageUrl}?reminders=off`)).text()).not.toContain(fi['signup.manage.remindersOff']);

    const done = await fetch(`${server.url}${manageUrl}?reminders=off`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    const multipart = new FormData();
    multipart.append('List-Unsubscribe', 'One-Click');
    expect((await fetch(`${server.url}${other}?reminders=off`, { method: 'POST', body: multipart })).status).toBe(200);
    for (const path of [manageUrl, other]) {
      const page = await (await fetch(`${server.url}${path}?reminders=off`)).text();
      expect(page).toContain(fi['signup.manage.remindersOff']);
      expect(page).not.toContain(fi['signup.manage.stopReminders']);
    }
    expect(
      (
        await fetch(`${server.url}/fi/signup/${'x'.repeat(27)}?reminders=off`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(404);
  });

  it("the manage page's own forms still need the same origin (checkOrigin stays on)", async () => {
    const forged = await fetch(server.url + manageUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel&confirm=yes',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
  });

  it('the sign-ups are still confirmed, with reminders off', async () => {
    await server.stop({ keepData: true });
    const handle = await open(server.storage);
    const rows = await handle.db
      .select({ email: signups.email, status: signups.status, remindersOff: signups.remindersOff })
      .from(signups)
      .where(eq(signups.eventId, eventId));
    await handle.close();
    expect(
      rows.filter((r) => r.email === 'aino@example.org' || r.email === 'omar@example.org').map((r) => [r.status, r.remindersOff]),
    ).toEqual([
      ['confirmed', true],
      ['confirmed', true],
    ]);
    server = await startServer({ SMTP_URL: smtp.url }, server.storage);
  }, 120_000);
});
