import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiLanguages } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { startServerWithAccounts } from '../setup/accounts.ts';
import { usingPostgres } from '../setup/db.ts';
import { postJson } from '../setup/http.ts';
import { startServer, type RunningServer } from '../setup/server.ts';
import { startWorker, stopWorkers } from '../setup/worker.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The page cache (docs/decisions/026): what it keeps, and that nobody ever sees it stale.
let server: RunningServer;
let token = '';

beforeAll(async () => {
  const started = await startServerWithAccounts({}, [{ email: 'coord@example.org', role: 'admin', token: true }]);
  server = started.server;
  token = started.tokens['coord@example.org']!;
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
/** The bytes as sent (fetch would undo the compression). */
function raw(path: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(server.url + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
const auth = () => ({ Authorization: `Bearer ${token}` });

interface ApiEvent {
  id: string;
  slug: string;
  title: Record<string, string>;
  mode: string;
  capacity: number | null;
  seatsLeft: number | null;
  status: string;
}

async function upcomingSignupEvent(): Promise<ApiEvent> {
  const { events } = (await (await get('/api/v1/events?mode=signup&limit=200')).json()) as { events: ApiEvent[] };
  const event = events.find((e) => e.status === 'scheduled' && e.capacity !== null && (e.seatsLeft ?? 0) >= 4);
  if (!event) throw new Error('the demo week has no sign-up event with four seats left');
  return event;
}

describe('what the cache keeps', () => {
  it('a second read of a public page is served from memory, byte for byte the same', async () => {
    const first = await get('/fi/events');
    const firstBody = await first.text();
    const second = await get('/fi/events');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    // The security headers come with a kept page too.
    expect(second.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('compresses with brotli or gzip as asked, and answers 304 to a known ETag', async () => {
    const plain = Buffer.from(await (await get('/en/events')).arrayBuffer());
    const br = await raw('/en/events', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.length / 3);
    const gz = await raw('/en/events', { 'Accept-Encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    const identity = await raw('/en/events', {});
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(plain)).toBe(true);
    const etag = String(gz.headers.etag);
    const notModified = await get('/en/events', { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    // A browser's own cache may ask before this server kept the page: still a 304.
    const before = await get('/sv/groups');
    // Any write through this instance makes it render afresh.
    await postJson(`${server.url}/api/v1/signups/no-such-link/cancel`, {});
    const restarted = await get('/sv/groups', { 'If-None-Match': before.headers.get('etag')! });
    expect(restarted.headers.get('x-cache')).toBe('miss');
    expect(restarted.status).toBe(304);
  });

  it('a burst of visitors after a change renders the page once; the others wait for it', async () => {
    await postJson(`${server.url}/api/v1/signups/no-such-link/cancel`, {});
    const burst = await Promise.all(Array.from({ length: 20 }, () => get('/ru/events')));
    const bodies = await Promise.all(burst.map((r) => r.text()));
    expect(burst.map((r) => r.headers.get('x-cache')).filter((c) => c === 'miss')).toHaveLength(1);
    expect(new Set(bodies).size).toBe(1);
  });

  it('never keeps what belongs to one person: signed-in pages, tokens, manage links', async () => {
    const signedIn = await get('/fi/events', { Cookie: 'tori_session=whatever' });
    expect(signedIn.headers.get('x-cache')).toBeNull();
    const withToken = await get('/api/v1/events', auth());
    expect(withToken.headers.get('x-cache')).toBeNull();
    expect((await get('/fi/login')).headers.get('x-cache')).toBeNull();
    expect((await get('/fi/signup/not-a-token')).headers.get('x-cache')).toBeNull();
    const missing = await get('/fi/events/no-such-event');
    expect(missing.status).toBe(404);
    expect((await get('/fi/events/no-such-event')).headers.get('x-cache')).toBeNull();
  });
});

describe('nothing is ever shown stale', () => {
  let event: ApiEvent;
  const pages = () => uiLanguages.map((lang) => ({ lang, path: `/${lang}/events/${event.slug}` }));

  async function warm() {
    for (const { path } of pages()) {
      await get(path);
      expect((await get(path)).headers.get('x-cache')).toBe('hit');
    }
    await get(`/api/v1/events/${event.id}`);
    await get('/calendar.ics?lang=en');
    await get('/api/v1/events?limit=200');
    await get('/fi/events');
  }

  async function expectSeatsLeft(left: number) {
    for (const { lang, path } of pages()) {
      const html = await (await get(path)).text();
      expect(html, lang).toContain(translator(lang)('event.seatsLeft', { count: left }));
    }
    const api = (await (await get(`/api/v1/events/${event.id}`)).json()) as ApiEvent;
    expect(api.seatsLeft).toBe(left);
    const listed = (await (await get('/api/v1/events?limit=200')).json()) as { events: ApiEvent[] };
    expect(listed.events.find((e) => e.id === event.id)?.seatsLeft).toBe(left);
  }

  beforeAll(async () => {
    event = await upcomingSignupEvent();
  });

  it('after a sign-up and its cancellation: seats left, at once, in every language, page and API', async () => {
    const left = event.seatsLeft!;
    await warm();
    const signup = await postJson(`${server.url}/api/v1/events/${event.id}/signups`, {
      name: 'Cache Test',
      email: 'cache-test@example.org',
      adults: 2,
      consent: true,
    });
    expect(signup.status).toBe(201);
    const { manageUrl } = (await signup.json()) as { manageUrl: string };
    await expectSeatsLeft(left - 2);
    await warm();
    const cancel = await postJson(`${server.url}/api/v1/signups/${manageUrl.split('/').at(-1)}/cancel`, {});
    expect(cancel.status).toBe(200);
    await expectSeatsLeft(left);
  });

  it('after an edit: the new title and time in every language, the feeds and the API', async () => {
    await warm();
    const title = Object.fromEntries(uiLanguages.map((lang) => [lang, `Uusi nimi ${lang} ${Date.now()}`]));
    const changed = await fetch(`${server.url}/api/v1/events/${event.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ title }),
    });
    expect(changed.status).toBe(200);
    for (const { lang, path } of pages()) expect(await (await get(path)).text(), lang).toContain(title[lang]);
    expect(await (await get('/calendar.ics?lang=en')).text()).toContain(title.en);
    expect(await (await get('/fi/events')).text()).toContain(title.fi);
    expect(((await (await get(`/api/v1/events/${event.id}`)).json()) as ApiEvent).title.fi).toBe(title.fi);
  });

  it('after a new event and a cancellation: the listing, the feed and the API know', async () => {
    await warm();
    const start = new Date(Date.now() + 2 * 86_400_000);
    const created = await postJson(
      `${server.url}/api/v1/events`,
      {
        title: { fi: 'Välimuistin testi-ilta' },
        category: 'cafe',
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
        mode: 'dropin',
      },
      auth(),
    );
    expect(created.status).toBe(201);
    const fresh = (await created.json()) as ApiEvent;
    expect(await (await get('/fi/events')).text()).toContain('Välimuistin testi-ilta');
    expect(await (await get('/calendar.ics?lang=fi')).text()).toContain('Välimuistin testi-ilta');
    await warm();
    const cancelled = await postJson(`${server.url}/api/v1/events/${fresh.id}/cancel`, {}, auth());
    expect(cancelled.status).toBe(200);
    const api = (await (await get(`/api/v1/events/${fresh.id}`)).json()) as ApiEvent;
    expect(api.status).toBe('cancelled');
    expect(await (await get('/calendar.ics?lang=fi')).text()).toMatch(/STATUS:CANCELLED/);
  });
});

// Two web servers and two workers on one PostgreSQL, as the README's deployment example runs them.
describe.skipIf(!usingPostgres)('two web servers and two workers on one PostgreSQL', () => {
  const smtp = new TestSmtp();
  let first: RunningServer;
  let second: RunningServer;
  let adminToken = '';

  beforeAll(async () => {
    await smtp.start();
    const env = { MAIL_WORKER: 'off', TRUST_PROXY: 'true' };
    const started = await startServerWithAccounts(env, [{ email: 'coord2@example.org', role: 'admin', token: true }]);
    first = started.server;
    adminToken = started.tokens['coord2@example.org']!;
    second = await startServer(env, first.storage);
    startWorker(first.storage, { SMTP_URL: smtp.url });
    startWorker(first.storage, { SMTP_URL: smtp.url });
  });

  afterAll(async () => {
    await stopWorkers();
    await second?.stop({ keepData: true });
    await first?.stop();
    await smtp.stop();
  });

  it('an edit through one is shown by the other within a second', async () => {
    const { events } = (await (await fetch(`${second.url}/api/v1/events?limit=5`)).json()) as { events: ApiEvent[] };
    const target = events[0]!;
    const path = `${second.url}/en/events/${target.slug}`;
    await fetch(path);
    expect((await fetch(path)).headers.get('x-cache')).toBe('hit');
    const title = `Edited through the first ${Date.now()}`;
    const changed = await fetch(`${first.url}/api/v1/events/${target.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ title: { en: title } }),
    });
    expect(changed.status).toBe(200);
    const since = Date.now();
    let seen = false;
    while (!seen && Date.now() - since < 1_000) {
      seen = (await (await fetch(path)).text()).includes(title);
      if (!seen) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe(true);
  });

  it('sign-ups spread over both never exceed capacity, and every email goes out exactly once', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const created = await postJson(
      `${first.url}/api/v1/events`,
      {
        title: { fi: 'Kahden palvelimen ilta' },
        category: 'cafe',
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
        mode: 'signup',
        capacity: 12,
        waitlist: true,
      },
      { Authorization: `Bearer ${adminToken}` },
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as ApiEvent;
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postJson(
          `${(i % 2 ? second : first).url}/api/v1/events/${id}/signups`,
          { name: `Guest ${i}`, email: `two-servers-${i}@example.org`, adults: 1, consent: true },
          { 'X-Forwarded-For': `10.9.${i >> 8}.${i & 255}` },
        ),
      ),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string }[];
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(12);
    for (const s of [first, second]) {
      const api = (await (await fetch(`${s.url}/api/v1/events/${id}`)).json()) as ApiEvent & { waiting: number };
      expect([api.seatsLeft, api.waiting]).toEqual([0, 48]);
    }
    // One message per sign-up (confirmed or waiting), each delivered once by one of the workers.
    const deadline = Date.now() + 60_000;
    const mine = () => smtp.received.filter((m) => /two-servers-\d+@/.test(m.mail.to ? JSON.stringify(m.mail.to) : ''));
    while (mine().length < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1_000));
    const recipients = mine().map((m) => JSON.stringify(m.mail.to).match(/two-servers-\d+@example\.org/)![0]);
    expect(recipients).toHaveLength(60);
    expect(new Set(recipients).size).toBe(60);
  });
});
