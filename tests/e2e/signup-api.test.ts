import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { eventIdFromPage, postJson as post, slugsFromListing } from '../setup/http.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';

let server: RunningServer;
const ids: Record<string, string> = {};
const api = (path: string) => `${server.url}/api/v1${path}`;
let counter = 0;
const person = (extra: Record<string, unknown> = {}) => ({
  name: `Visitor ${++counter}`,
  email: `visitor${counter}@example.org`,
  adults: 1,
  consent: true,
  ...extra,
});
// Each post from an address of its own unless the test says otherwise: the per-address seat cap
// (tests/e2e/signup-privacy.test.ts) is not what these tests are about.
let address = 0;
const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  post(url, body, { 'X-Forwarded-For': `10.8.${++address >> 8}.${address & 255}`, ...headers });

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: 'true' });
  const pick = async (name: string, listing: string, index = 0) => {
    const slug = (await slugsFromListing(server.url, listing))[index];
    if (!slug) throw new Error(`no demo event for ${name}`);
    ids[name] = await eventIdFromPage(server.url, slug);
  };
  await pick('cooking', '/en/events?group=cooking-together');
  await pick('excursion', '/en/events?category=excursion');
  await pick('swimming', '/en/events?group=womens-swimming');
  await pick('cafe', '/en/events?group=cafe');
  await pick('past', '/en/events?group=cooking-together&from=2000-01-01');
  const cancelled = (await fetch(`${server.url}/en/events?group=womens-swimming`).then((r) => r.text())).match(
    /class="event-card is-cancelled"[\s\S]*?href="\/en\/events\/(womens-swimming-[\d-]+)"/,
  )?.[1];
  ids.cancelled = await eventIdFromPage(server.url, cancelled!);
});

afterAll(async () => {
  await server?.stop();
});

describe('POST /api/v1/events/{id}/signups', () => {
  it('answers 201 with the status and a manage link; a repeat answers the same with a link of its own', async () => {
    const body = person({ phone: '040 765 4321' });
    const first = await postJson(api(`/events/${ids.cooking}/signups`), body);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created.status).toBe('confirmed');
    expect(created.manageUrl).toMatch(/\/fi\/signup\/[A-Za-z0-9_-]{27}$/);
    const again = await postJson(api(`/events/${ids.cooking}/signups`), { ...body, email: body.email.toUpperCase() });
    expect(again.status).toBe(201);
    const repeat = await again.json();
    expect(Object.keys(repeat)).toEqual(['status', 'manageUrl']);
    expect(repeat.status).toBe('confirmed');
    expect(repeat.manageUrl).toMatch(/\/fi\/signup\/[A-Za-z0-9_-]{27}$/);
    expect(repeat.manageUrl).not.toBe(created.manageUrl);
    const byPhone = await postJson(api(`/events/${ids.cooking}/signups`), {
      name: 'X',
      phone: '+358 40 765 4321',
      adults: 1,
      consent: true,
    });
    expect(byPhone.status).toBe(201);
  });

  it.each([
    ['missing contact', 'cooking', { name: 'Ali', adults: 1 }, 422, 'contact'],
    ['party too big', 'cooking', { name: 'Ali', email: 'big@example.org', adults: 3, children: 1 }, 422, 'adults'],
    ['bad phone', 'cooking', { name: 'Ali', phone: '123' }, 422, 'phone'],
    ['no name', 'cooking', { email: 'n@example.org' }, 422, 'name'],
  ])('%s → %i with a field message', async (_label, event, body, status, field) => {
    const response = await postJson(api(`/events/${ids[event]}/signups`), body, { 'Accept-Language': 'fi' });
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error).toBe('validation');
    expect(typeof json.errors[field]).toBe('string');
    expect(json.errors[field].length).toBeGreaterThan(3);
  });

  it('says the field messages in the language asked for', async () => {
    const response = await postJson(api(`/events/${ids.cooking}/signups`), { name: 'Ali', language: 'ar' });
    expect((await response.json()).errors.contact).toMatch(/[\u0600-\u06ff]/);
  });

  it.each([
    ['cancelled event', 'cancelled', 409, 'event-cancelled'],
    ['closed (past) event', 'past', 409, 'closed'],
    ['drop-in event', 'cafe', 409, 'no-signup'],
  ])('%s → %i', async (_label, event, status, error) => {
    const response = await postJson(api(`/events/${ids[event]}/signups`), person());
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });

  it('answers 409 when no seat is left and there is no waiting list', async () => {
    const url = api(`/events/${ids.swimming}/signups`);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await postJson(url, person({ adults: 6 }))).status);
    for (let i = 0; i < 2; i++) results.push((await postJson(url, person({ adults: 6 }))).status);
    expect(results).toEqual([201, 201, 409, 409, 409]); // capacity 15: 6 + 6, then 6 > 3 left
    expect((await postJson(url, person({ adults: 3 }))).status).toBe(201);
    const full = await postJson(url, person());
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ error: 'full' });
  });

  it("requires answers to the event's required questions", async () => {
    const html = await (await fetch(`${server.url}/en/events?category=excursion`)).text();
    const slug = html.match(/href="\/en\/events\/(excursion-[a-z0-9-]+)"/)![1];
    const form = await (await fetch(`${server.url}/en/events/${slug}`)).text();
    const question = form.match(/name="q_([0-9a-f-]{36})" value="yes"/)![1]!;
    const missing = await postJson(api(`/events/${ids.excursion}/signups`), person());
    expect(missing.status).toBe(422);
    expect(Object.keys((await missing.json()).errors)).toEqual([`question.${question}`]);
    const answered = await postJson(api(`/events/${ids.excursion}/signups`), person({ answers: { [question]: true } }));
    expect(answered.status).toBe(201);
  });

  it('answers 404 for an unknown or malformed event id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      const response = await postJson(api(`/events/${encodeURIComponent(id)}/signups`), person());
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not-found' });
    }
  });

  it('rate-limits one contact signing up too often (429 with Retry-After)', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const r = await postJson(
        api(`/events/${ids.cooking}/signups`),
        { name: 'Same', email: 'same@example.org', adults: 1, consent: true },
        { 'X-Forwarded-For': `10.9.0.${i}` },
      );
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('POST /api/v1/signups/{token}/cancel', () => {
  it('cancels, frees the seats and refuses unknown tokens with 404', async () => {
    const created = await (await postJson(api(`/events/${ids.cooking}/signups`), person({ adults: 2 }))).json();
    const token = created.manageUrl.split('/').at(-1);
    const cancel = await postJson(api(`/signups/${token}/cancel`), {});
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ status: 'cancelled' });
    expect((await postJson(api(`/signups/${token}/cancel`), {})).status).toBe(200);
    for (const bad of ['x'.repeat(27), 'short', '../../etc/passwd', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')]) {
      const response = await postJson(api(`/signups/${encodeURIComponent(bad)}/cancel`), {});
      expect(response.status).toBe(404);
    }
    // Any other method is a JSON 405 (and Astro's router logs nothing with the token in it).
    const get = await fetch(api(`/signups/${token}/cancel`));
    expect([get.status, get.headers.get('allow'), (await get.json()).error]).toEqual([405, 'POST', 'method-not-allowed']);
  });
});

describe('mail without an SMTP server', () => {
  it('is written as .eml files under the data directory, by the worker inside the web process', async () => {
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    const dir = `${server.storage.dataDir}/outbox`;
    await postJson(api(`/events/${ids.cooking}/signups`), person({ name: 'Eeva', language: 'sv' }));
    const until = Date.now() + 20_000;
    const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : []);
    const eeva = () =>
      files()
        .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
        .find((m) => m.includes('Eeva'));
    while (!eeva() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const message = eeva();
    expect(message).toBeDefined();
    expect(message).toMatch(/^Subject: /m);
    expect(message).toMatch(/^Message-ID: <[\w-]+@localhost>/m);
    expect(message).toContain('text/calendar');
  });
});

describe('the manage page', () => {
  it('is never cached or indexed, keeps the token out of referrers and logs, and 404s unknown links', async () => {
    const created = await (await postJson(api(`/events/${ids.cooking}/signups`), person({ language: 'sv' }))).json();
    const path = new URL(created.manageUrl).pathname;
    expect(path).toMatch(/^\/sv\/signup\//);
    const page = await fetch(server.url + path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(page.headers.get('etag')).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).not.toContain(path.split('/').at(-1));
    const unknown = await fetch(`${server.url}/sv/signup/${'A'.repeat(27)}`);
    expect(unknown.status).toBe(404);
  });
});

describe('every stored row and message', () => {
  it('matches the seat counters, and only email sign-ups queued messages', async () => {
    const handle = await openServerDatabase(server);
    try {
      const [check] = await handle.query<{ bad: number }>(`
        SELECT count(*)::int AS bad FROM events e
        WHERE e.seats_taken <> COALESCE((SELECT sum(seats) FROM signups s WHERE s.event_id = e.id AND s.status = 'confirmed'), 0)
           OR e.waiting_count <> (SELECT count(*) FROM signups s WHERE s.event_id = e.id AND s.status = 'waitlisted')`);
      expect(check!.bad).toBe(0);
      const rows = await handle.db.select().from(signups);
      expect(rows.length).toBeGreaterThan(5);
      // Exactly one first message per email sign-up, none for phone-only ones.
      const [wrong] = await handle.query<{ n: number }>(`
        SELECT count(*)::int AS n FROM signups s
        WHERE (SELECT count(*) FROM outbox o WHERE o.signup_id = s.id AND o.kind IN ('signup-confirmed', 'signup-waitlisted'))
              <> CASE WHEN s.email IS NULL THEN 0 ELSE 1 END`);
      expect(wrong!.n).toBe(0);
      const cancelled = await handle.db.select().from(outbox).where(eq(outbox.kind, 'signup-cancelled'));
      expect(cancelled).toHaveLength(1);
      const [phoneOnly] = await handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(outbox)
        .where(sql`${outbox.recipient} NOT LIKE '%@%'`);
      expect(phoneOnly!.n).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
