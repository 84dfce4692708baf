import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdFromPage, slugsFromListing } from '../setup/http.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';

// A small deterministic generator: the same 500 bodies on every run, so a failure can be replayed.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileStrings = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE signups; --",
  "' OR '1'='1",
  '\u0000',
  '\u202e\u0645',
  '𝕏'.repeat(5000),
  'a'.repeat(100_000),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '\uD800',
  '%00',
  'null',
  'NaN',
  '-1',
  '1e309',
  ' ',
  '',
];
const hostileValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  // biome-ignore lint/correctness/noPrecisionLoss: a number past double range, on purpose
  1e309 === Infinity ? 1e308 : 0,
  [],
  [1, 2],
  {},
  { $gt: '' },
  { toString: 'x' },
  ...hostileStrings,
];

/** A body that is wrong in at least one field (so it must never be stored) plus noise. */
function invalidBody(next: () => number): Record<string, unknown> {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const body: Record<string, unknown> = { name: 'Valid Name', email: `fuzz${Math.floor(next() * 1e9)}@example.org`, adults: 1 };
  const breakers: (() => void)[] = [
    () => {
      body.name = pick(
        hostileValues.filter((v) => typeof v !== 'string' || !v.trim() || v.length > 80 || v.includes('\u0000') || v === '\uD800'),
      );
    },
    () => {
      delete body.email;
      body.phone = pick(hostileValues);
    },
    () => {
      body.email = pick(hostileValues);
    },
    () => {
      body.adults = pick([0, -1, 1.5, 'two', null, [], {}, 1e9, '1e3', true]);
    },
    () => {
      body.children = pick([-3, 'x', 1e9, [], {}, 0.5]);
    },
    () => {
      body.language = pick(['xx', '<script>', 1, [], 'FI', 'en-GB']);
    },
    () => {
      body.adults = 30;
      body.children = 30;
    },
  ];
  const noise: (() => void)[] = [
    () => {
      body.name = pick(hostileStrings.filter((v) => v && v.length < 60 && v.trim()));
    },
    () => {
      body[pick(['__proto__', 'constructor', 'status', 'seats', 'eventId', 'id'])] = pick(hostileValues);
    },
    () => {
      body.answers = pick(hostileValues);
    },
  ];
  if (next() < 0.5) pick(noise)();
  for (let i = 0, n = 1 + Math.floor(next() * 3); i < n; i++) pick(breakers)();
  return body;
}

let server: RunningServer;
let eventId: string;
let eventSlug: string;

beforeAll(async () => {
  server = await startServer();
  eventSlug = (await slugsFromListing(server.url, '/en/events?group=cooking-together'))[0]!;
  eventId = await eventIdFromPage(server.url, eventSlug);
});

afterAll(async () => {
  await server?.stop();
});

describe('500 malformed or hostile requests', () => {
  it('get a 4xx each, never a 500 or a stack trace, and store nothing', async () => {
    const next = random(20261129);
    const apiUrl = `${server.url}/api/v1/events/${eventId}/signups`;
    const pageUrl = `${server.url}/fi/events/${eventSlug}`;
    const requests: { url: string; init: RequestInit }[] = [];
    for (let i = 0; i < 320; i++) {
      requests.push({
        url: apiUrl,
        init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(invalidBody(next)) },
      });
    }
    const raw: [string, BodyInit][] = [
      ['application/json', '{"name": "x", "email": "a@b.fi", "adults": 1'],
      ['application/json', '[{"name": "x"}]'],
      ['application/json', '"just a string"'],
      ['application/json', ''],
      ['application/json', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['application/json', `{"name": "${'x'.repeat(300_000)}"}`],
      ['application/json', '{"a":'.repeat(5000)],
      ['text/plain', '{"name":"x","email":"a@b.fi","adults":1}'],
      ['application/xml', '<signup><name>x</name></signup>'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--'],
      ['', 'name=x'],
    ];
    for (let i = 0; i < 80; i++) {
      const [type, body] = raw[i % raw.length]!;
      requests.push({ url: apiUrl, init: { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body } });
    }
    // The HTML form on the event page, from the same origin (so checkOrigin lets it through).
    // A form turns every value into text, which can make a broken field valid again ("null" is
    // a name), so these never give consent: the form must refuse them all the same.
    for (let i = 0; i < 100; i++) {
      const body = invalidBody(next);
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(body)) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      if (next() < 0.5) form.set('consent', 'off');
      requests.push({
        url: pageUrl,
        init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url }, body: form },
      });
    }
    expect(requests).toHaveLength(500);

    const outcomes: { status: number; text: string; url: string }[] = [];
    for (let i = 0; i < requests.length; i += 10) {
      const batch = await Promise.all(
        requests.slice(i, i + 10).map(async ({ url, init }) => {
          const response = await fetch(url, init);
          return { status: response.status, text: await response.text(), url };
        }),
      );
      outcomes.push(...batch);
    }
    const bad = outcomes.filter((o) => o.status < 400 || o.status >= 500);
    expect(bad.map((o) => `${o.status} ${o.url} ${o.text.slice(0, 120)}`)).toEqual([]);
    for (const o of outcomes) {
      expect(o.text).not.toMatch(/at [\w.<>]+ \(|node_modules|\.ts:\d+|SQLSTATE|syntax error at/);
      if (o.url === apiUrl && o.status !== 403) expect(() => JSON.parse(o.text)).not.toThrow();
    }

    const handle = await openServerDatabase(server);
    try {
      const [row] = await handle.query<{ n: number }>('SELECT count(*)::int AS n FROM signups');
      const [out] = await handle.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
      expect([row!.n, out!.n]).toEqual([0, 0]);
    } finally {
      await handle.close();
    }
  });
});
