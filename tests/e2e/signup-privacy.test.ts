import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEATS_PER_ADDRESS_PER_EVENT } from '#features/signups/limits.ts';
import { catalogs } from '#i18n/catalog.ts';
import { eventIdFromPage, postJson, slugsFromListing } from '../setup/http.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

// Issue 10, "telling strangers nothing": a repeated sign-up must be answered exactly like a new
// one, take no seat, and tell only the owner, at their own address (decision 015).

const smtp = new TestSmtp();
let server: RunningServer;
const slugs: string[] = [];
const ids: string[] = [];
let nextIp = 0;
const ip = () => `10.77.${nextIp >> 8}.${++nextIp & 255}`;
const TOKEN = /[A-Za-z0-9_-]{27}/;

beforeAll(async () => {
  await smtp.start();
  server = await startServer({ TRUST_PROXY: 'true', SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
  slugs.push(...(await slugsFromListing(server.url, '/en/events?group=cooking-together')).slice(0, 4));
  if (slugs.length < 4) throw new Error('the demo has fewer than four cooking sessions');
  for (const slug of slugs) ids.push(await eventIdFromPage(server.url, slug));
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

const signUp = (event: number, body: Record<string, unknown>, from = ip()) =>
  postJson(
    `${server.url}/api/v1/events/${ids[event]}/signups`,
    { adults: 1, consent: true, language: 'en', ...body },
    { 'X-Forwarded-For': from },
  );

/** What a stranger can compare between two answers: everything but the token itself. */
async function apiShape(response: Response) {
  const body = await response.json();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cache: response.headers.get('cache-control'),
    cookie: response.headers.has('set-cookie'),
    keys: Object.keys(body),
    body: { ...body, manageUrl: String(body.manageUrl).replace(TOKEN, 'TOKEN') },
  };
}

function postForm(event: number, fields: Record<string, string>, from = ip()) {
  const form = new URLSearchParams({ adults: '1', children: '0', language: 'en', consent: 'on', ...fields });
  return fetch(`${server.url}/en/events/${slugs[event]}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': from },
  });
}

/** A form post, its redirect and the page it leads to, with the per-request token and nonce taken out. */
async function formShape(response: Response) {
  const location = response.headers.get('location') ?? '';
  const token = location.match(TOKEN)?.[0] ?? 'none';
  const page = await fetch(server.url + location);
  const html = (await page.text()).replaceAll(token, 'TOKEN').replace(/nonce="[^"]*"/g, 'nonce=""');
  const headers = (r: Response) => ({
    type: r.headers.get('content-type'),
    cache: r.headers.get('cache-control'),
    cookie: r.headers.has('set-cookie'),
  });
  return {
    shape: {
      status: response.status,
      location: location.replace(TOKEN, 'TOKEN'),
      ...headers(response),
      page: page.status,
      pageHeaders: headers(page),
    },
    html,
    token,
  };
}

describe('a repeated sign-up through the API', () => {
  it.each([
    ['email', { name: 'Leila', email: 'leila@example.org' }],
    ['phone', { name: 'Hodan', phone: '040 123 9876' }],
  ])('by %s is answered exactly like a new one, with a link of its own', async (_kind, person) => {
    const first = await signUp(0, person);
    const firstShape = await apiShape(first.clone());
    expect(firstShape.status).toBe(201);
    const realUrl = (await first.json()).manageUrl as string;
    const repeat = await signUp(0, { ...person, name: 'Stranger' });
    const repeatShape = await apiShape(repeat.clone());
    expect(repeatShape).toEqual(firstShape);
    const decoyUrl = (await repeat.json()).manageUrl as string;
    expect(decoyUrl).not.toBe(realUrl);
    // The stranger's link shows what the stranger typed and never opens the real sign-up.
    const decoyPage = await (await fetch(decoyUrl.replace(/^https?:\/\/[^/]+/, server.url))).text();
    expect(decoyPage).toContain('Stranger');
    expect(decoyPage).not.toContain(person.name);
    const realPage = await (await fetch(realUrl.replace(/^https?:\/\/[^/]+/, server.url))).text();
    expect(realPage).toContain(person.name);
    // Cancelling with the stranger's link answers as a cancel does and leaves the real one alone.
    const token = decoyUrl.split('/').at(-1);
    const cancel = await postJson(`${server.url}/api/v1/signups/${token}/cancel`, {});
    expect([cancel.status, await cancel.json()]).toEqual([200, { status: 'cancelled' }]);
    const still = await (await fetch(realUrl.replace(/^https?:\/\/[^/]+/, server.url))).text();
    expect(still).toContain(catalogs.en.messages['signup.manage.confirmed'] as string);
  });
});

describe('a repeated sign-up through the form', () => {
  it.each([
    ['email', { name: 'Amina', email: 'amina@example.org' }],
    ['phone', { name: 'Olena', phone: '+358 50 111 2233' }],
  ])('by %s leads to a page that is the same as a new one', async (_kind, person) => {
    const first = await formShape(await postForm(1, person));
    expect(first.shape.status).toBe(303);
    expect(first.shape.location).toBe('/en/signup/TOKEN?new=1');
    const repeat = await formShape(await postForm(1, person));
    expect(repeat.token).not.toBe(first.token);
    expect(repeat.shape).toEqual(first.shape);
    expect(repeat.html).toBe(first.html);
    expect(first.html).toContain(person.name);
  });
});

describe('mail after a repeat', () => {
  it('tells the owner at their own address, and a stranger gets what a new sign-up gets', async () => {
    const owner = { name: 'Sara', email: 'sara@example.org', phone: '+358 44 555 0101' };
    await signUp(2, owner);
    // A stranger with the owner's phone and their own email; then a truly new sign-up to compare.
    const decoy = await (await signUp(2, { name: 'Mallory <script>', email: 'mallory@example.org', phone: owner.phone })).json();
    const fresh = await (await signUp(2, { name: 'Click http://evil.example now', email: 'fresh@example.org' })).json();
    expect(decoy.status).toBe(fresh.status);
    await smtp.waitFor(3);
    const to = (address: string) => smtp.received.filter((m) => m.mail.to && JSON.stringify(m.mail.to).includes(address));
    await expect.poll(() => to('sara@example.org').length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => to('mallory@example.org').length + to('fresh@example.org').length, { timeout: 20_000 }).toBe(2);

    const stands = (catalogs.en.messages['mail.link.subject'] as string).split('{event}')[0]!;
    const notice = to('sara@example.org').find((m) => m.mail.subject?.startsWith(stands))!;
    expect(notice).toBeDefined();
    const link = notice.mail.text!.match(/https?:\/\/\S+\/en\/signup\/[A-Za-z0-9_-]{27}/)![0];
    const page = await (await fetch(link.replace(/^https?:\/\/[^/]+/, server.url))).text();
    expect(page).toContain('Sara');

    // The stranger's mail and a new sign-up's mail differ only in their links and names.
    const [stranger] = to('mallory@example.org');
    const [control] = to('fresh@example.org');
    const scrub = (text: string) =>
      text.replace(/\/signup\/[A-Za-z0-9_-]{27}/g, '/signup/TOKEN').replace(/Mallory <script>|Click http:\/\/evil.example now/g, 'NAME');
    expect(stranger!.mail.subject).toBe(control!.mail.subject);
    expect(scrub(stranger!.mail.text!)).toBe(scrub(control!.mail.text!));
    expect(stranger!.mail.text).toContain('Mallory <script>');
    expect(stranger!.mail.attachments.length).toBe(control!.mail.attachments.length);
    // Typed names open no email and are in no subject.
    for (const m of smtp.received) {
      expect(m.mail.subject).not.toMatch(/Mallory|evil|Sara/);
      expect(m.mail.text!.split('\n')[0]).not.toMatch(/Mallory|evil|Sara/);
    }
  });
});

describe('hoarding seats from one address', () => {
  it(`stops one address after ${SEATS_PER_ADDRESS_PER_EVENT.limit} seats of an event; another address still gets in`, async () => {
    const from = ip();
    const statuses: number[] = [];
    for (let i = 0; i < SEATS_PER_ADDRESS_PER_EVENT.limit / 2 + 1; i++) {
      const r = await signUp(3, { name: `Bot ${i}`, email: `bot${i}@example.org`, adults: 2 }, from);
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(SEATS_PER_ADDRESS_PER_EVENT.limit / 2).fill(201), 429]);
    expect((await signUp(3, { name: 'Neighbour', email: 'neighbour@example.org' })).status).toBe(201);
    // The form from the same address says so in the visitor's language.
    const form = new URLSearchParams({ name: 'Bot form', email: 'botform@example.org', adults: '1', children: '0', consent: 'on' });
    const page = await fetch(`${server.url}/fi/events/${slugs[3]}`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': from },
    });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain(catalogs.fi.messages['signup.error.rateLimited'] as string);
  });
});

describe('hoarding seats through the manage link', () => {
  it('counts seats added to a party against the same share of the event', async () => {
    const from = ip();
    const links: string[] = [];
    for (let i = 0; i < SEATS_PER_ADDRESS_PER_EVENT.limit - 1; i++) {
      const r = await signUp(3, { name: `Grower ${i}`, email: `grower${i}@example.org` }, from);
      expect(r.status).toBe(201);
      links.push(new URL((await r.json()).manageUrl).pathname);
    }
    const grow = (path: string) =>
      fetch(server.url + path, {
        method: 'POST',
        body: new URLSearchParams({ adults: '2', children: '0' }),
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': from },
      });
    // One more seat fills the address's share (the change itself may still find the event full,
    // a 409: asking counts, as it does for a new sign-up); the next one is refused.
    expect([303, 409]).toContain((await grow(links[0]!)).status);
    expect((await grow(links[1]!)).status).toBe(429);
  });
});

describe('the API keeps the form’s honeypot and consent rules', () => {
  it('wants consent, and a filled honeypot looks like success but stores nothing', async () => {
    for (const consent of [undefined, false, 'no']) {
      const r = await signUp(0, { name: 'No consent', email: 'noconsent@example.org', consent });
      expect(r.status).toBe(422);
      expect(Object.keys((await r.json()).errors)).toEqual(['consent']);
    }
    const trapped = await signUp(0, { name: 'Robot Trapped', email: 'robot@example.org', website: 'http://spam.example' });
    expect(trapped.status).toBe(201);
    const body = await trapped.json();
    expect(Object.keys(body)).toEqual(['status', 'manageUrl']);
    expect((await fetch(body.manageUrl.replace(/^https?:\/\/[^/]+/, server.url))).status).toBe(404);
  });
});

describe('in the database', () => {
  it('no repeat took a seat, each contact has one sign-up, and the trapped robot left nothing', async () => {
    const handle = await openServerDatabase(server);
    try {
      const [check] = await handle.query<{ bad: number }>(`
        SELECT count(*)::int AS bad FROM events e
        WHERE e.seats_taken <> COALESCE((SELECT sum(seats) FROM signups s WHERE s.event_id = e.id AND s.status = 'confirmed'), 0)
           OR e.waiting_count <> (SELECT count(*) FROM signups s WHERE s.event_id = e.id AND s.status = 'waitlisted')`);
      expect(check!.bad).toBe(0);
      const rows = await handle.query<{ contact: string; n: number }>(`
        SELECT coalesce(email, phone) AS contact, count(*)::int AS n FROM signups
        WHERE email IN ('leila@example.org', 'amina@example.org', 'sara@example.org') OR phone IN ('+358401239876', '+358501112233')
        GROUP BY 1 ORDER BY 1`);
      expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
      const decoys = await handle.query<{ name: string; status: string }>('SELECT name, status FROM signup_decoys ORDER BY created_at');
      expect(decoys.map((d) => d.name)).toEqual(['Stranger', 'Stranger', 'Amina', 'Olena', 'Mallory <script>']);
      const [robot] = await handle.query<{ n: number }>(`
        SELECT (SELECT count(*) FROM signups WHERE name LIKE 'Robot%' OR name = 'No consent')::int
             + (SELECT count(*) FROM signup_decoys WHERE name LIKE 'Robot%')::int AS n`);
      expect(robot!.n).toBe(0);
      const notices = await handle.query<{ channel: string; n: number }>(
        `SELECT channel, count(*)::int AS n FROM outbox WHERE kind = 'signup-link' GROUP BY channel ORDER BY channel`,
      );
      // Leila, Amina and Sara have an email; Hodan and Olena only a phone: a text message (decision 021).
      expect(notices).toEqual([
        { channel: 'email', n: 3 },
        { channel: 'sms', n: 2 },
      ]);
    } finally {
      await handle.close();
    }
  });
});
