import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { feedback, feedbackLinks } from '#db/schema/feedback.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { hashToken, newToken } from '#lib/tokens.ts';
import { addSignedInUser, startPreparedServer } from '../setup/accounts.ts';
import { HELSINKI, signupInput } from '../setup/fixtures.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';

// The answer page with JavaScript off, the kiosk on a leader's phone, and the feedback figures
// of the reports from a known data set (decision 027).
const DAY = 86_400_000;
let server: RunningServer;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
let range = { from: '', to: '' };

async function event(db: Db, hubId: string, slug: string, groupId: string, endedDaysAgo: number) {
  const end = new Date(Date.now() - endedDaysAgo * DAY);
  const [category] = await db.select().from(categories).where(eq(categories.hubId, hubId));
  const [row] = await insertEvents(db, [
    {
      hubId,
      categoryId: category!.id,
      groupId,
      slug,
      title: { fi: slug, en: slug },
      // Ahead first, so that people can sign up; moved into the past below.
      startsAt: new Date(Date.now() + 3 * DAY),
      endsAt: new Date(Date.now() + 3 * DAY + 7_200_000),
      mode: 'signup',
      capacity: 20,
    },
  ]);
  return { id: row!.id, end };
}

beforeAll(async () => {
  ({ server } = await startPreparedServer({
    template: 'plain',
    env: { MAIL_WORKER: 'off' },
    prepare: async (db) => {
      const [hub] = await db.select().from(hubs);
      const hubId = hub!.id;
      const [cafe, cooks] = await db
        .insert(groups)
        .values([
          { hubId, slug: 'cafe-g', name: { fi: 'Kahvilaryhmä', en: 'Cafe group' } },
          { hubId, slug: 'cooks-g', name: { fi: 'Kokit', en: 'Cooks' } },
        ])
        .returning();
      for (const [who, role, group] of [
        ['admin', 'admin', null],
        ['cafeLeader', 'leader', cafe!.id],
        ['cook', 'leader', cooks!.id],
      ] as const) {
        cookies[who] = (await addSignedInUser(db, { hubId, email: `${who.toLowerCase()}@example.org`, role, groupId: group })).cookie;
      }
      // The café's evening ended 3 days ago, the cooks' 45 days ago (another month for sure).
      const e1 = await event(db, hubId, 'cafe-evening', cafe!.id, 3);
      const e2 = await event(db, hubId, 'cooking-day', cooks!.id, 45);
      ids.e1 = e1.id;
      ids.e2 = e2.id;
      for (const [key, language] of [
        ['aino', 'fi'],
        ['amal', 'ar'],
      ] as const) {
        const made = await createSignup(db, e1.id, signupInput({ name: key, email: `${key}@example.org`, language }));
        if (made.kind !== 'confirmed') throw new Error(made.kind);
        // The link the worker would have sent (tests/integration/feedback.test.ts sends it).
        tokens[key] = newToken();
        await db.insert(feedbackLinks).values({ tokenHash: hashToken(tokens[key]!), eventId: e1.id, signupId: made.signupId, language });
      }
      for (const e of [e1, e2])
        await db
          .update(events)
          .set({ startsAt: new Date(e.end.getTime() - 7_200_000), endsAt: e.end })
          .where(eq(events.id, e.id));
      // Answers given earlier: three on the café's kiosk, two at the cooks' (one with a comment).
      await db.insert(feedback).values([
        { eventId: e1.id, score: 5, language: 'fi', source: 'kiosk' },
        { eventId: e1.id, score: 4, language: 'fi', source: 'kiosk' },
        { eventId: e1.id, score: 4, language: 'ar', source: 'kiosk' },
        { eventId: e2.id, score: 2, language: 'fi', source: 'kiosk', comment: 'Liian vähän ruokaa' },
        { eventId: e2.id, score: 3, language: 'so', source: 'kiosk' },
      ]);
      range = { from: hubDay(new Date(Date.now() - 60 * DAY), HELSINKI), to: hubDay(new Date(), HELSINKI) };
      ids.m1 = hubDay(e1.end, HELSINKI).slice(0, 7);
      ids.m2 = hubDay(e2.end, HELSINKI).slice(0, 7);
    },
  }));
});

afterAll(async () => {
  await server?.stop();
});

const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
    redirect: 'manual',
  });
const get = (path: string, who?: string) => fetch(server.url + path, { headers: who ? { Cookie: cookies[who]! } : {}, redirect: 'manual' });

/** Reads the server's database (on PGlite the server stops for it and starts again after). */
async function readDb<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openServerDatabase(server);
  try {
    return await read(handle.db);
  } finally {
    await handle.close();
    if (server.process.exitCode !== null || server.process.signalCode !== null)
      server = await startServer({ MAIL_WORKER: 'off' }, server.storage);
  }
}

const answersOf = (token: string) =>
  readDb((db) =>
    db
      .select()
      .from(feedback)
      .where(eq(feedback.tokenHash, hashToken(token))),
  );

describe('the answer page, JavaScript off', () => {
  it('opens with the tapped face chosen and saves nothing until sent; answering twice keeps one answer', async () => {
    const token = tokens.aino!;
    // The email's face link (mail scanners open these too): the face is chosen, nothing is saved.
    const opened = await get(`/fi/feedback/${token}?score=4`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('private, no-store');
    const html = await opened.text();
    expect(html).toMatch(/<input type="radio" name="score" value="4" checked/);
    expect(html).toContain('Millaista oli?');
    for (const face of ['Tosi huono', 'Huono', 'Ihan ok', 'Hyvä', 'Tosi hyvä']) expect(html).toContain(face);
    expect(await answersOf(token)).toEqual([]);

    const first = await post(`/fi/feedback/${token}`, { score: '4', comment: '' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/fi/feedback/${token}?saved=1`);
    const again = await post(`/fi/feedback/${token}`, { score: '3', comment: 'Mukavaa' });
    expect(again.status).toBe(303);
    expect(await answersOf(token)).toEqual([expect.objectContaining({ score: 3, comment: 'Mukavaa', source: 'link', language: 'fi' })]);
    const thanks = await (await get(`/fi/feedback/${token}?saved=1`)).text();
    expect(thanks).toContain('Kiitos! Vastauksesi on tallennettu.');
    expect(thanks).toMatch(/<input type="radio" name="score" value="3" checked/);

    // A post from another site is refused (checkOrigin), and saves nothing.
    const foreign = await post(`/fi/feedback/${token}`, { score: '1' }, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    // No face chosen: a clear error, nothing changed.
    const empty = await post(`/fi/feedback/${token}`, { comment: 'x' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Valitse yksi kasvoista.');
    expect(await answersOf(token)).toEqual([expect.objectContaining({ score: 3, comment: 'Mukavaa' })]);
  });

  it('the short link of a text message leads to the page in the sign-up’s language; a wrong token is a 404', async () => {
    const short = await get(`/f/${tokens.amal}`);
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(`/ar/feedback/${tokens.amal}`);
    const arabic = await (await get(`/ar/feedback/${tokens.amal}`)).text();
    expect(arabic).toContain('dir="rtl"');
    expect(arabic).toContain('كيف كانت التجربة؟');
    const wrong = newToken();
    expect((await get(`/fi/feedback/${wrong}`)).status).toBe(404);
    expect((await get(`/fi/feedback/${wrong}?score=5`)).status).toBe(404);
    expect((await post(`/fi/feedback/${wrong}`, { score: '5' })).status).toBe(404);
    expect((await get('/fi/feedback/not-a-token')).status).toBe(404);
  });
});

describe('kiosk mode', () => {
  it('a leader of the group records anonymous answers, one tap each; another group’s leader gets 403', async () => {
    const path = `/fi/manage/events/${ids.e1}/feedback`;
    const page = await get(path, 'cafeLeader');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<button[^>]*name="score" value="1"/);
    const tap = await post(path, { action: 'kiosk', score: '1' }, { Cookie: cookies.cafeLeader! });
    expect(tap.status).toBe(303);
    expect(tap.headers.get('location')).toBe(`${path}?thanks=1`);
    expect(await (await get(`${path}?thanks=1`, 'cafeLeader')).text()).toContain('Kiitos! Seuraava, olkaa hyvä.');

    expect((await get(path, 'cook')).status).toBe(403);
    expect((await post(path, { action: 'kiosk', score: '5' }, { Cookie: cookies.cook! })).status).toBe(403);
    expect((await post(path, { action: 'kiosk', score: '5' })).status).toBe(303);

    const kiosk = await readDb((db) => db.select().from(feedback).where(eq(feedback.eventId, ids.e1!)));
    // The three given before, Aino's link answer and this one tap: no one else's taps counted.
    expect(kiosk.map((f) => f.score).sort()).toEqual([1, 3, 4, 4, 5]);
    expect(kiosk.filter((f) => f.source === 'kiosk').every((f) => f.tokenHash === null)).toBe(true);
    // The leader's event page shows the answers and the comment.
    const eventPage = await (await get(`/fi/manage/events/${ids.e1}`, 'cafeLeader')).text();
    expect(eventPage).toContain('Vastauksia: 5. Keskiarvo: 3.4 (1–5).');
    expect(eventPage).toContain('Mukavaa');
  });
});

/** The rows of the `<table data-table>` of a page, header row first, as text. */
function htmlTable(html: string, key: string): string[][] {
  const table = html.match(new RegExp(`<table[^>]*data-table="${key}"[^>]*>([\\s\\S]*?)</table>`))?.[1] ?? '';
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

const parseCsv = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((c) => c[1]!.replace(/""/g, '"')));

describe('feedback in the reports', () => {
  it('averages per group and per month, and the comments, equal the known data set; each CSV equals its table', async () => {
    const query = `from=${range.from}&to=${range.to}`;
    const page = await get(`/en/manage/reports?${query}`, 'admin');
    expect(page.status).toBe(200);
    const html = await page.text();
    // Café evening: 5, 4, 4 (kiosk before), 3 (Aino's link), 1 (the kiosk tap) → 17 / 5 = 3.4.
    // Cooking day: 2 and 3 → 2.5.
    const expected = {
      feedbackGroups: [
        ['Group', 'Answers', 'Average (1–5)'],
        ['Cafe group', '5', '3.4'],
        ['Cooks', '2', '2.5'],
      ],
      feedbackMonths: [
        ['Month', 'Answers', 'Average (1–5)'],
        ...[
          [ids.m2!, '2', '2.5'],
          [ids.m1!, '5', '3.4'],
        ],
      ],
      feedbackComments: [
        ['Day', 'Event', 'Answer (1–5)', 'Comment'],
        [hubDay(new Date(Date.now() - 45 * DAY), HELSINKI), 'cooking-day', '2', 'Liian vähän ruokaa'],
        [hubDay(new Date(Date.now() - 3 * DAY), HELSINKI), 'cafe-evening', '3', 'Mukavaa'],
      ],
    };
    for (const [key, rows] of Object.entries(expected)) {
      expect(htmlTable(html, key), key).toEqual(rows);
      const csv = await get(`/en/manage/reports/${key}.csv?${query}`, 'admin');
      expect(csv.status).toBe(200);
      expect(parseCsv(await csv.text()), key).toEqual(rows);
    }
    // The café's leader reads the café only, comments included; never the cooks' comment.
    const own = await (await get(`/en/manage/reports?${query}`, 'cafeLeader')).text();
    expect(htmlTable(own, 'feedbackGroups')).toEqual([expected.feedbackGroups[0], expected.feedbackGroups[1]]);
    expect(own).not.toContain('Liian vähän ruokaa');
    expect(own).toContain('Mukavaa');
    // Comments are never public: the event's public page does not hold them.
    const listing = await (await get('/en/events')).text();
    expect(listing).not.toContain('Mukavaa');
  });
});
