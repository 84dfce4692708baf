import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiContract, servedContract } from '../setup/api-contract.ts';
import { cli } from '../setup/accounts.ts';
import { postJson, slugsFromListing } from '../setup/http.ts';
import { startServer, type RunningServer } from '../setup/server.ts';

let server: RunningServer;
let adminToken = '';
const api = (path: string) => `${server.url}/api/v1${path}`;
const OFFSET_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00$/;

interface ApiEvent {
  id: string;
  slug: string;
  start: string;
  status: string;
  [field: string]: unknown;
}
interface ApiList {
  events: ApiEvent[];
  next: string | null;
  nextCursor: string | null;
}

async function list(query: string): Promise<ApiList> {
  const response = await fetch(api(`/events${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

/** Every page of a query, following `next`. */
async function allPages(query: string): Promise<ApiEvent[]> {
  const out: ApiEvent[] = [];
  let page = await list(query);
  out.push(...page.events);
  while (page.next) {
    const response = await fetch(page.next);
    expect(response.status).toBe(200);
    page = await response.json();
    out.push(...page.events);
  }
  return out;
}

const newEvent = (title: string, start: Date, extra: Record<string, unknown> = {}) =>
  postJson(
    api('/events'),
    {
      title: { fi: title },
      category: 'cafe',
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
      mode: 'dropin',
      ...extra,
    },
    { Authorization: `Bearer ${adminToken}` },
  );

beforeAll(async () => {
  server = await startServer();
  await server.stop({ keepData: true });
  cli(server.storage, ['user', 'add', '--email', 'admin@example.org', '--role', 'admin']);
  adminToken = cli(server.storage, ['token', 'create', '--email', 'admin@example.org']);
  server = await startServer({}, server.storage);
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/v1/events', () => {
  it("lists what the programme page lists, in the contract's shape", async () => {
    const { events } = await list('?group=cooking-together');
    const listing = await slugsFromListing(server.url, '/en/events?group=cooking-together');
    expect(listing.length).toBeGreaterThan(1);
    expect(events.map((e) => e.slug).slice(0, listing.length)).toEqual(listing);
    for (const e of events) {
      expect(e.group).toBe('cooking-together');
      expect(e.start).toMatch(OFFSET_TIME);
      expect(e.end).toMatch(OFFSET_TIME);
      expect(e.url).toBe(`http://localhost:${new URL(server.url).port}/fi/events/${e.slug}`);
      expect(e.title).toHaveProperty('fi');
      expect(Date.parse(e.end as string)).toBeGreaterThan(Date.now());
    }
  });

  it("applies the listing's filters", async () => {
    const excursions = await list('?category=excursion');
    expect(excursions.events.length).toBeGreaterThan(0);
    expect(excursions.events.every((e) => e.category === 'excursion')).toBe(true);
    const arabic = await list('?spoken=ar&mode=dropin');
    expect(arabic.events.length).toBeGreaterThan(0);
    expect(arabic.events.every((e) => (e.spokenLanguages as string[]).includes('ar') && e.mode === 'dropin')).toBe(true);
    const day = (await list('?limit=1')).events[0]!.start.slice(0, 10);
    const oneDay = await list(`?from=${day}&to=${day}`);
    expect(oneDay.events.length).toBeGreaterThan(0);
    expect(oneDay.events.every((e) => e.start.startsWith(day))).toBe(true);
    expect((await list('?q=zzzznothing')).events).toEqual([]);
  });

  it('keeps a cancelled event, marked cancelled', async () => {
    const { events } = await list('?group=womens-swimming');
    expect(events.some((e) => e.status === 'cancelled')).toBe(true);
    expect(events.some((e) => e.status === 'scheduled')).toBe(true);
  });

  it('pages with a cursor, stable while events are added', async () => {
    const everything = await allPages('?limit=200');
    expect(everything.length).toBeGreaterThan(12);
    const first = await list('?limit=5');
    expect(first.events.map((e) => e.id)).toEqual(everything.slice(0, 5).map((e) => e.id));
    expect(first.next).toContain(`cursor=${first.nextCursor}`);
    expect(first.next).toContain('limit=5');

    // One event before the pages already read and one after everything: the first must not
    // shift the following pages, the second must turn up on them.
    const early = await newEvent('Aikainen tapaaminen', new Date(Date.now() + 60_000));
    const late = await newEvent('Myöhäinen tapaaminen', new Date(Date.parse(everything.at(-1)!.start) + 60_000));
    expect([early.status, late.status]).toEqual([201, 201]);
    const lateId = (await late.json()).id;

    const rest: ApiEvent[] = [];
    let page: ApiList = first;
    while (page.next) {
      page = await (await fetch(page.next)).json();
      expect(page.events.length).toBeLessThanOrEqual(5);
      rest.push(...page.events);
    }
    const seen = [...first.events, ...rest].map((e) => e.id);
    expect(new Set(seen).size).toBe(seen.length);
    const stillUpcoming = everything.filter((e) => Date.parse(e.end as string) > Date.now()).map((e) => e.id);
    expect(seen.filter((id) => id !== lateId)).toEqual(stillUpcoming);
    expect(seen.at(-1)).toBe(lateId);
  });

  it.each([
    ['a malformed category', '?category=Not%20a%20slug'],
    ['an unknown category', '?category=no-such-category'],
    ['an impossible date', '?from=2027-02-30'],
    ['to before from', '?from=2027-03-02&to=2027-03-01'],
    ['limit 0', '?limit=0'],
    ['limit above the maximum', '?limit=201'],
    ['limit not a number', '?limit=ten'],
    ['a cursor that is not ours', '?cursor=abc'],
    ['a cursor with a bad id', `?cursor=${Buffer.from('2027-01-01T10:00:00.000Z|nope').toString('base64url')}`],
    ['page instead of cursor', '?page=2'],
    ['a search too long', `?q=${'a'.repeat(101)}`],
  ])('%s → 400 JSON', async (_label, query) => {
    const response = await fetch(api(`/events${query}`));
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await response.json();
    expect(body.error).toBe('bad-request');
    expect(body.message.length).toBeGreaterThan(5);
  });
});

describe('GET /api/v1/events/{id}', () => {
  it('answers one event as the list has it; 404 for unknown, malformed and unpublished ids', async () => {
    const [event] = (await list('?category=excursion&limit=1')).events;
    const one = await fetch(api(`/events/${event!.id}`));
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(event);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', "1'%20OR%201=1"]) {
      const missing = await fetch(api(`/events/${id}`));
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'not-found' });
    }
    const hidden = await newEvent('Luonnos', new Date(Date.now() + 86_400_000), { published: false });
    expect(hidden.status).toBe(201);
    const hiddenId = (await hidden.json()).id;
    expect((await fetch(api(`/events/${hiddenId}`))).status).toBe(404);
    expect((await allPages('?limit=200')).some((e) => e.id === hiddenId)).toBe(false);
  });
});

describe('caching and CORS', () => {
  it('reads carry an ETag, answer 304 and HEAD, and are open to any site', async () => {
    for (const path of ['/events?category=cafe', '/openapi.json']) {
      const first = await fetch(api(path));
      expect(first.status).toBe(200);
      expect(first.headers.get('access-control-allow-origin')).toBe('*');
      expect(first.headers.get('cache-control')).toBe('public, max-age=60');
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await fetch(api(path), { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const head = await fetch(api(path), { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(etag);
      expect(await head.text()).toBe('');
    }
  });

  it('answers a preflight for reads only; the writes send no CORS headers', async () => {
    const [event] = (await list('?limit=1')).events;
    const preflight = await fetch(api(`/events/${event!.id}`), {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'PATCH' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    const write = await fetch(api(`/events/${event!.id}`), {
      method: 'PATCH',
      headers: { Origin: 'https://partner.example', 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ summary: { fi: 'Muutettu.' } }),
    });
    expect(write.status).toBe(200);
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
    const created = await newEvent('Uusi', new Date(Date.now() + 86_400_000));
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
  });
});

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? routeFiles(join(dir, name)) : [join(dir, name)]));
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and its schemas are valid JSON Schema', async () => {
    const response = await fetch(api('/openapi.json'));
    const document = await response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Compiles every component schema (throws on an invalid one).
    expect(() => new ApiContract(document)).not.toThrow();
  });

  it('describes every route file under /api/v1 and each method it exports', async () => {
    const document = (await servedContract(server.url)).document;
    const root = join(process.cwd(), 'src/pages/api/v1');
    const missing: string[] = [];
    for (const file of routeFiles(root)) {
      const path = `/${relative(root, file)
        .replace(/\.ts$/, '')
        .replace(/\[(\w+)\]/g, '{$1}')}`.replace(/\/index$/, '');
      const methods = [...readFileSync(file, 'utf8').matchAll(/export const (GET|POST|PATCH|PUT|DELETE|OPTIONS)\b/g)].map((m) =>
        m[1]!.toLowerCase(),
      );
      for (const method of methods) if (!document.paths[path]?.[method as 'get']) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('fails an answer with an undocumented field or status', async () => {
    const contract = await servedContract(server.url);
    const [event] = (await list('?limit=1')).events;
    const url = api(`/events/${event!.id}`);
    const answer = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    expect(await contract.problems('GET', url, answer(200, event))).toEqual([]);
    expect((await contract.problems('GET', url, answer(200, { ...event, secret: 'x' }))).join()).toMatch(/additional properties/);
    expect((await contract.problems('GET', url, answer(200, { ...event, status: 'postponed' }))).join()).toMatch(/status/);
    expect(await contract.problems('GET', url, answer(418, { error: 'teapot', message: 'no' }))).toEqual([
      `GET /api/v1/events/${event!.id} → 418: status not in the document`,
    ]);
    expect((await contract.problems('DELETE', url, answer(200, {}))).join()).toMatch(/method not in the document/);
    expect((await contract.problems('GET', api('/nothing'), answer(200, {}))).join()).toMatch(/path not in the document/);
    // The check runs on every fetch of the tests: a drifting answer fails the test that fetched it.
    await expect(fetch(api('/events/not-an-id'), { method: 'DELETE' })).rejects.toThrow(/does not match/);
  });
});
