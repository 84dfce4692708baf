import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '#db/schema/users.ts';
import { newToken } from '#lib/tokens.ts';
import { type Account, addAccounts, cli, formHeaders, signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { eventIdFromPage, postJson, slugsFromListing } from '../setup/http.ts';
import { secretsInLog } from '../setup/log-scan.ts';
import { newStorage, openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

const smtp = new TestSmtp();
let plain: RunningServer;
let proxied: RunningServer;
let apiToken = '';
const PUBLIC = 'https://tori.example';
const people: Account[] = [
  { email: 'admin@example.org', role: 'admin' },
  { email: 'leader@example.org', role: 'leader', groups: ['cooking-together'] },
];

/** Waits for the next message to `email` after `before` messages. */
async function mailTo(email: string, before: number) {
  const find = () => smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === email);
  for (let n = before + 1; !find(); n++) await smtp.waitFor(n);
  return find()!;
}

beforeAll(async () => {
  await smtp.start();
  // The plain server's API token is minted with the CLI (`token create`), whose change-log entry
  // the change-log test looks for; the people are added in-process (tests/setup/accounts.ts).
  const storage = await newStorage('demo');
  await addAccounts(storage, people);
  apiToken = cli(storage, ['token', 'create', '--email', 'admin@example.org']);
  plain = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, storage);
  ({ server: proxied } = await startServerWithAccounts(
    { SMTP_URL: smtp.url, MAIL_POLL_MS: '100', TRUST_PROXY: 'true', PUBLIC_URL: PUBLIC },
    people,
  ));
});

afterAll(async () => {
  await plain?.stop();
  await proxied?.stop();
  await smtp.stop();
});

const form = (server: RunningServer, body: Record<string, string>, cookie?: string, extra: Record<string, string> = {}) =>
  fetch(server.url + (body.__path ?? ''), {
    method: 'POST',
    headers: { ...formHeaders(server, cookie), ...extra },
    redirect: 'manual',
    body: new URLSearchParams(Object.fromEntries(Object.entries(body).filter(([k]) => k !== '__path'))),
  });

describe('passwords without TRUST_PROXY', () => {
  it('setting a password needs a fresh link sign-in or the current one, and emails the owner each time', async () => {
    const linkCookie = await signInByLink(plain, smtp, 'leader@example.org');
    let before = smtp.received.length;
    const set = await form(plain, { __path: '/fi/manage/account', password: 'first password 1', repeat: 'first password 1' }, linkCookie);
    expect(set.status).toBe(303);
    const notice = await mailTo('leader@example.org', before);
    expect(notice.mail.subject).toBe('Tori-salasanasi muuttui');
    expect(notice.mail.text).toContain('salasana asetettiin tai vaihdettiin');

    const signedIn = await form(plain, { __path: '/fi/login', email: 'leader@example.org', password: 'first password 1' });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    for (const current of ['', 'not my password']) {
      const refused = await form(
        plain,
        { __path: '/fi/manage/account', current, password: 'second password 2', repeat: 'second password 2' },
        cookie,
      );
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('Nykyinen salasana ei ole oikein.');
    }
    const english = await form(
      plain,
      { __path: '/en/manage/account', current: 'wrong', password: 'second password 2', repeat: 'second password 2' },
      cookie,
    );
    expect(await english.text()).toContain('Your current password is not right.');
    before = smtp.received.length;
    const changed = await form(
      plain,
      { __path: '/fi/manage/account', current: 'first password 1', password: 'second password 2', repeat: 'second password 2' },
      cookie,
    );
    expect(changed.status).toBe(303);
    expect((await mailTo('leader@example.org', before)).mail.subject).toBe('Tori-salasanasi muuttui');
    expect((await form(plain, { __path: '/fi/login', email: 'leader@example.org', password: 'second password 2' })).status).toBe(303);
  });

  it('a spoofed X-Forwarded-For does not change the address the counters use', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await form(plain, { __path: '/fi/login', email: 'leader@example.org', password: 'wrong password' }, undefined, {
        'X-Forwarded-For': `198.51.100.${i}`,
      });
      expect(wrong.status).toBe(401);
    }
    const refused = await form(plain, { __path: '/fi/login', email: 'leader@example.org', password: 'second password 2' }, undefined, {
      'X-Forwarded-For': '203.0.113.77',
    });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Liian monta väärää salasanaa');
  });
});

describe('the change log', () => {
  it('has sign-ins, CSV exports from page and API, .eml downloads and minted tokens', async () => {
    const token = apiToken;
    const cookie = await signInByLink(plain, smtp, 'admin@example.org');
    const slug = (await slugsFromListing(plain.url, '/en/events?group=cooking-together'))[0]!;
    const eventId = await eventIdFromPage(plain.url, slug);
    expect((await fetch(`${plain.url}/fi/manage/events/${eventId}/attendees.csv`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect(
      (await fetch(`${plain.url}/api/v1/events/${eventId}/attendees.csv`, { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    mkdirSync(join(plain.storage.dataDir, 'outbox'), { recursive: true });
    // An email file is the hub's when its name carries the id of one of the hub's messages. A
    // sign-up's confirmation may be opened; a sign-in link may not (it would sign the reader in).
    const idOf = (mail: { messageId?: string }) =>
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(mail.messageId ?? '')![0];
    const toAddress = (address: string) => smtp.received.findLast((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === address);
    const before = smtp.received.length;
    const signed = await postJson(`${plain.url}/api/v1/events/${eventId}/signups`, {
      name: 'Eeva',
      email: 'eml.reader@example.org',
      adults: 1,
      consent: true,
    });
    expect(signed.status).toBe(201);
    for (let n = before + 1; !toAddress('eml.reader@example.org'); n++) await smtp.waitFor(n);
    const confirmation = `20300101T000000-${idOf(toAddress('eml.reader@example.org')!.mail)}tori.eml`;
    const signInLink = `20300101T000001-${idOf(toAddress('admin@example.org')!.mail)}tori.eml`;
    for (const file of [confirmation, signInLink])
      writeFileSync(join(plain.storage.dataDir, 'outbox', file), 'Subject: test\r\n\r\nhello\r\n');
    expect((await fetch(`${plain.url}/fi/manage/admin/outbox/${confirmation}`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${plain.url}/fi/manage/admin/outbox/${signInLink}`, { headers: { Cookie: cookie } })).status).toBe(404);
    const outputBefore = plain.output();
    const handle = await openServerDatabase(plain);
    try {
      const rows = await handle.db.select().from(auditLog).orderBy(desc(auditLog.at));
      const actions = rows.map((r) => `${r.action} ${JSON.stringify(r.details)}`);
      for (const wanted of [
        /^sign-in\.success \{"method":"link"\}/,
        /^sign-in\.success \{"method":"password"\}/,
        /^sign-in\.failure \{"method":"password"\}/,
        /^sign-in\.refused \{"method":"password"\}/,
        /^attendees\.export \{"via":"page","rows":\d+\}/,
        /^attendees\.export \{"via":"api","rows":\d+\}/,
        /^outbox\.download/,
        /^token\.create .*"via":"cli"/,
        /^password\.set \{"proof":"link"\}/,
        /^password\.set \{"proof":"current-password"\}/,
      ])
        expect(
          actions.some((a) => wanted.test(a)),
          String(wanted),
        ).toBe(true);
      // Nothing in the log says who typed what from where.
      expect(JSON.stringify(rows)).not.toMatch(/@example\.org|127\.0\.0\.1|198\.51\.100/);
    } finally {
      await handle.close();
      if (plain.process.exitCode !== null) plain = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, plain.storage);
    }
    expect(secretsInLog(outputBefore, [token])).toEqual([]);
  });
});

describe('request logs', () => {
  it('hold no token, email or phone, whatever the spelling of the path', async () => {
    const signup = await postJson(
      `${plain.url}/api/v1/events/${await eventIdFromPage(plain.url, (await slugsFromListing(plain.url, '/en/events?group=cooking-together'))[1]!)}/signups`,
      {
        name: 'Aino',
        email: 'aino.logs@example.org',
        phone: '+358401234567',
        adults: 1,
        consent: true,
      },
    );
    const manage = new URL((await signup.json()).manageUrl);
    const real = manage.pathname.split('/').at(-1)!;
    const fake = newToken();
    const secrets = [real, fake, 'aino.logs@example.org', '+358401234567'];
    const encoded = [...fake].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const paths = [
      manage.pathname,
      `${manage.pathname}?reminders=off`,
      `/en/signup/${fake}`,
      `//en/signup/${fake}`,
      `/en//signup/${fake}`,
      `/en/%73ignup/${fake}`,
      `/en/signup/${encoded}`,
      `/EN/SIGNUP/${fake}`,
      `/en/signup/${fake}.`,
      `/en/signup/${fake}/`,
      `/api/v1/signups/${fake}/cancel`,
      `/api/v1/signups/${real}/cancel?x=1`,
      `/fi/login/link/${fake}`,
      `/feeds/${fake}.ics`,
      `/feeds/${fake}.ics.`,
      `/en/events?email=aino.logs@example.org&phone=%2B358401234567`,
      '/en/aino.logs@example.org',
      `/en/+358401234567`,
      `/en/x/${fake}`,
    ];
    // Sent as written (fetch would tidy some spellings up).
    const raw = (method: string, path: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request(plain.url, { method, path }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of paths) await raw('GET', path);
    await raw('POST', `/api/v1/signups/${fake}/cancel`);
    await signInByLink(plain, smtp, 'admin@example.org');
    await new Promise((r) => setTimeout(r, 300));
    const output = plain.output();
    expect(output.match(/"msg":"request"/g)!.length).toBeGreaterThan(paths.length);
    expect(secretsInLog(output, secrets)).toEqual([]);
    expect(output).toContain('/en/signup/:token');
  });
});

describe('behind a TLS-terminating proxy (TRUST_PROXY=true, PUBLIC_URL=https://…)', () => {
  const via = (address: string) => ({
    Origin: PUBLIC,
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Host': 'tori.example',
    'X-Forwarded-For': address,
  });
  const post = (path: string, body: Record<string, string>, headers: Record<string, string>, cookie?: string) =>
    fetch(proxied.url + path, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(body),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers, ...(cookie ? { Cookie: cookie } : {}) },
    });

  it('forms pass the origin check, links use the public address and cookies are Secure', async () => {
    expect((await post('/en/login', { email: 'admin@example.org' }, { ...via('192.0.2.1'), Origin: proxied.url })).status).toBe(403);
    const before = smtp.received.length;
    expect((await post('/en/login', { email: 'admin@example.org' }, via('192.0.2.1'))).status).toBe(200);
    const link = new URL((await mailTo('admin@example.org', before)).mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0]);
    expect(link.origin).toBe(PUBLIC);
    const used = await post(link.pathname, {}, via('192.0.2.1'));
    expect(used.status).toBe(303);
    const setCookie = used.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/; Secure/i);
    const cookie = setCookie.split(';')[0]!;
    expect(
      (await post('/en/manage/account', { password: 'proxy password 1', repeat: 'proxy password 1' }, via('192.0.2.1'), cookie)).status,
    ).toBe(303);
  });

  it('wrong passwords from one address lock that address out, not the owner at another', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post('/en/login', { email: 'admin@example.org', password: `guess ${i}` }, via('192.0.2.66'))).status).toBe(401);
    const refused = await post('/ar/login', { email: 'admin@example.org', password: 'proxy password 1' }, via('192.0.2.66'));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('محاولات كثيرة بكلمة مرور خاطئة');
    // A client-written entry left of the proxy's own does not count: the right-most one does.
    const owner = await post('/en/login', { email: 'admin@example.org', password: 'proxy password 1' }, via('192.0.2.66, 192.0.2.200'));
    expect(owner.status).toBe(303);
    expect(owner.headers.get('set-cookie')).toMatch(/; Secure/i);
  });
});
