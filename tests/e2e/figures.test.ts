import { eq, sql } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { feedback, feedbackLinks } from '#db/schema/feedback.ts';
import { groups } from '#db/schema/groups.ts';
import { helperOffers } from '#db/schema/helpers.ts';
import { countGroups } from '#db/schema/headcounts.ts';
import { hubs } from '#db/schema/hubs.ts';
import { places } from '#db/schema/places.ts';
import { signups } from '#db/schema/signups.ts';
import { addWalkIn, markAttendance } from '#features/attendees/mutations.ts';
import { actorFor, SYSTEM, type Actor } from '#features/auth/policy.ts';
import { SESSION_COOKIE } from '#features/auth/session.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { tapHeadcount } from '#features/figures/headcount.ts';
import { addTask, createOffer, decideOffer, setHours } from '#features/helpers/mutations.ts';
import { buildReport, type ReportData } from '#features/figures/queries.ts';
import { reportTables } from '#features/figures/tables.ts';
import { runRetention } from '#features/privacy/retention.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { catalogs } from '#i18n/catalog.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { hashToken, newToken } from '#lib/tokens.ts';
import { addSignedInUser, startPreparedServer } from '../setup/accounts.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { HELSINKI, signupInput } from '../setup/fixtures.ts';
import { openServerDatabase, type RunningServer } from '../setup/server.ts';

// Figures from a known data set, before and after a retention run; a resident deleting their
// own data; the retention days in the consent text; the head count with JavaScript off.
const DAY = 86_400_000;
const RETENTION = 45;
const ERASED_EMAIL = 'erase-me@example.org';
const ERASED_PHONE = '+358401112233';

let server: RunningServer;
let browser: Browser;
let axeContext: BrowserContext;
let hubId = '';
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
let adminActor: Actor;
let eraseToken = '';
let range = { from: '', to: '' };
let before: ReportData;

const person = (name: string, contact: { email?: string; phone?: string }, adults: number, language = 'fi', children = 0) =>
  signupInput({ name, email: contact.email ?? null, phone: contact.phone ?? null, adults, children, language: language as 'fi' });

async function event(db: Db, slug: string, fields: Partial<typeof events.$inferInsert> & { startsAt: Date }) {
  const [row] = await insertEvents(db, [
    {
      hubId,
      categoryId: ids.cafe!,
      slug,
      title: { fi: slug, en: slug },
      endsAt: new Date(fields.startsAt.getTime() + 2 * 3_600_000),
      mode: 'signup',
      ...fields,
    },
  ]);
  return row!.id;
}

/** Moves an event (created ahead so people could sign up) to have ended `daysAgo` days ago. */
async function endedDaysAgo(db: Db, eventId: string, daysAgo: number) {
  const end = new Date(Date.now() - daysAgo * DAY);
  await db
    .update(events)
    .set({ startsAt: new Date(end.getTime() - 2 * 3_600_000), endsAt: end })
    .where(eq(events.id, eventId));
}

beforeAll(async () => {
  [{ server }, browser] = await Promise.all([
    startPreparedServer({
      template: 'plain',
      env: { RETENTION_DAYS: String(RETENTION), MAIL_WORKER: 'off' },
      prepare: async (db) => {
        const [hub] = await db.select().from(hubs);
        hubId = hub!.id;
        for (const c of await db.select().from(categories).where(eq(categories.hubId, hubId))) ids[c.slug] = c.id;
        const [cafeGroup, cooksGroup] = await db
          .insert(groups)
          .values([
            { hubId, slug: 'cafe-g', name: { fi: 'Kahvilaryhmä', en: 'Cafe group' } },
            { hubId, slug: 'cooks-g', name: { fi: 'Kokit', en: 'Cooks' } },
          ])
          .returning();
        ids.cafeGroup = cafeGroup!.id;
        ids.cooksGroup = cooksGroup!.id;
        const [hall] = await db
          .insert(places)
          .values({ hubId, slug: 'hall', name: { fi: 'Sali', en: 'Hall' } })
          .returning();
        const [first, returning] = await db
          .insert(countGroups)
          .values([
            { hubId, label: { fi: 'Ensikertalainen', en: 'First visit', ar: 'أول زيارة' }, position: 1 },
            { hubId, label: { fi: 'Palaava', en: 'Returning', ar: 'عائد' }, position: 2 },
          ])
          .returning();
        ids.first = first!.id;
        ids.returning = returning!.id;
        for (const [who, role, group] of [
          ['admin', 'admin', null],
          ['leaderA', 'leader', ids.cafeGroup],
          ['leaderB', 'leader', ids.cafeGroup],
          ['cook', 'leader', ids.cooksGroup],
        ] as const) {
          const { user, cookie } = await addSignedInUser(db, { hubId, email: `${who.toLowerCase()}@example.org`, role, groupId: group });
          cookies[who] = cookie;
          if (who === 'admin') adminActor = await actorFor(db, user);
        }

        const soon = new Date(Date.now() + 3 * DAY);
        // E1: a cooking session with sign-up, full, one party left waiting; one party did not come.
        const e1 = await event(db, 'cooking-evening', {
          startsAt: soon,
          categoryId: ids.cooking!,
          groupId: ids.cooksGroup,
          placeId: hall!.id,
          capacity: 5,
          waitlist: true,
          spokenLanguages: ['fi', 'ar'],
        });
        // E3: the café group's sign-up event, where Aino comes back.
        const e3 = await event(db, 'cafe-signup', { startsAt: soon, groupId: ids.cafeGroup, placeId: hall!.id, capacity: 10 });
        const s1 = await createSignup(db, e1, person('Aino', { email: 'aino@example.org' }, 2));
        const s2 = await createSignup(db, e1, person('Bashir', { phone: '+358401234567' }, 1, 'ar', 1));
        const s3 = await createSignup(db, e1, person('Carla', { email: 'carla@example.org' }, 2, 'en'));
        expect([s1.kind, s2.kind, s3.kind]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
        expect((await addWalkIn(db, SYSTEM, e1, { name: 'Walk-in', adults: 1, children: 0 })).kind).toBe('added');
        const again = await createSignup(db, e3, person('Aino V.', { email: 'aino@example.org' }, 1));
        expect(again.kind).toBe('confirmed');
        const came = await db.select({ id: signups.id }).from(signups).where(eq(signups.eventId, e1));
        await markAttendance(
          db,
          SYSTEM,
          e1,
          came.filter((r) => r.id !== (s2 as { signupId: string }).signupId).map((r) => r.id),
        );
        // E2: a drop-in café counted at the door: 3 first visits and 2 returning (one tap taken back).
        const e2 = await event(db, 'cafe-dropin', {
          startsAt: soon,
          mode: 'dropin',
          groupId: ids.cafeGroup,
          spokenLanguages: ['fi', 'so'],
        });
        for (const [slot, delta] of [
          [ids.first, 1],
          [ids.first, 1],
          [ids.first, 1],
          [ids.first, 1],
          [ids.first, -1],
          [ids.returning, 1],
          [ids.returning, 1],
        ] as const) {
          expect((await tapHeadcount(db, SYSTEM, { eventId: e2, slot: slot!, delta })).kind).toBe('counted');
        }
        // Helpers at E1 (decision 031): two confirmed, one offer never confirmed (no hours).
        const task = await addTask(db, adminActor, e1, { kind: 'cook', language: null, name: {}, needed: 2 });
        if (task.kind !== 'added') throw new Error(task.kind);
        for (const [name, email, phone] of [
          ['Helper Hanna', 'hanna@example.org', null],
          ['Helper Hamid', null, '+358409998877'],
          ['Helper Unconfirmed', 'maybe@example.org', null],
        ] as const)
          expect((await createOffer(db, { taskId: task.taskId, name, email, phone, spoken: [], language: 'fi' })).kind).toBe('offered');
        const offers = await db.select().from(helperOffers).where(eq(helperOffers.taskId, task.taskId)).orderBy(helperOffers.createdAt);
        for (const o of offers.slice(0, 2)) expect((await decideOffer(db, adminActor, e1, o.id, 'confirm')).kind).toBe('confirmed');
        await endedDaysAgo(db, e1, 100);
        for (const [o, minutes] of [
          [offers[0]!, 150],
          [offers[1]!, 120],
        ] as const)
          expect((await setHours(db, adminActor, e1, o.id, minutes)).kind).toBe('saved');
        await endedDaysAgo(db, e2, 100);
        await endedDaysAgo(db, e3, 10);
        Object.assign(ids, { e1, e2, e3 });
        // Feedback (decision 027): two kiosk answers and Aino's link answer at E1, one at E3. The
        // link goes with Aino's data at retention; the answers stay.
        const linkHash = hashToken(newToken());
        await db
          .insert(feedbackLinks)
          .values({ tokenHash: linkHash, eventId: e1, signupId: (s1 as { signupId: string }).signupId, language: 'fi' });
        await db.insert(feedback).values([
          { eventId: e1, score: 4, language: 'fi', source: 'kiosk' },
          { eventId: e1, score: 5, language: 'ar', source: 'kiosk' },
          { eventId: e1, score: 3, language: 'fi', source: 'link', tokenHash: linkHash, comment: 'Hyvä ruoka' },
          { eventId: e3, score: 2, language: 'fi', source: 'kiosk' },
        ]);
        // Up to yesterday: today's drop-in (E5) is counted by the browser test below.
        range = { from: hubDay(new Date(Date.now() - 120 * DAY), HELSINKI), to: hubDay(new Date(Date.now() - DAY), HELSINKI) };

        // E4: ahead, two seats; the first party will delete its data, the second waits.
        const e4 = await event(db, 'cooking-ahead', { startsAt: soon, groupId: ids.cooksGroup, capacity: 2, waitlist: true });
        const p1 = await createSignup(db, e4, person('Erkki Poistaja', { email: ERASED_EMAIL, phone: ERASED_PHONE }, 2));
        const p2 = await createSignup(db, e4, person('Waiting Wanda', { email: 'wanda@example.org' }, 2));
        expect([p1.kind, p2.kind]).toEqual(['confirmed', 'waitlisted']);
        eraseToken = (p1 as { token: string }).token;
        ids.e4 = e4;
        ids.p2 = (p2 as { signupId: string }).signupId;
        // E5: today's drop-in, counted on a phone.
        ids.e5 = await event(db, 'cafe-today', { startsAt: new Date(Date.now() - 3_600_000), mode: 'dropin', groupId: ids.cafeGroup });

        const built = await buildReport(db, adminActor, { hubId, timeZone: HELSINKI, ...range, groupId: null });
        if (built.kind !== 'report') throw new Error(built.kind);
        before = built.data;
        // Names and contacts of E1 and E2 (ended 100 days ago) go; E3 (10 days) keeps them.
        const cleared = await runRetention(db, { now: new Date(), days: RETENTION });
        expect(cleared.signups).toBe(4);
        // Aino's feedback link went with her data; all four answers stay, none tied to anyone.
        expect(await db.select().from(feedbackLinks)).toEqual([]);
        expect((await db.select().from(feedback).orderBy(feedback.score)).map((f) => [f.score, f.tokenHash])).toEqual([
          [2, null],
          [3, null],
          [4, null],
          [5, null],
        ]);
      },
    }),
    launchBrowser(),
  ]);
  axeContext = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  await axeContext.addCookies([{ name: SESSION_COOKIE, value: cookies.admin!.split('=')[1]!, url: server.url }]);
});

afterAll(async () => {
  await axeContext?.close();
  await browser?.close();
  await server?.stop();
});

const get = (path: string, who: string) => fetch(server.url + path, { headers: { Cookie: cookies[who]! }, redirect: 'manual' });
const form = (who?: string) => ({
  Origin: server.url,
  'Content-Type': 'application/x-www-form-urlencoded',
  ...(who ? { Cookie: cookies[who]! } : {}),
});

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** The rows of each `<table data-table>` of a page, header row first, as text. */
function htmlTables(html: string): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const m of html.matchAll(/<table[^>]*data-table="([^"]+)"[^>]*>([\s\S]*?)<\/table>/g)) {
    out[m[1]!] = [...m[2]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!)),
    );
  }
  return out;
}

function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((c) => c[1]!.replace(/""/g, '"')));
}

describe('the figures', () => {
  it('equal the numbers of the known data set, and stay the same after retention removed the names', async () => {
    const en = translator('en');
    const tables = Object.fromEntries(reportTables(before, 'en', en).map((t) => [t.key, [t.headers, ...t.rows]]));
    const m1 = hubDay(new Date(Date.now() - 100 * DAY), HELSINKI).slice(0, 7);
    const m3 = hubDay(new Date(Date.now() - 10 * DAY), HELSINKI).slice(0, 7);
    expect(tables.months).toEqual([
      ['Month', 'Café', 'Cooking', 'Total'],
      [m1, '5', '3', '8'],
      [m3, '1', '0', '1'],
    ]);
    expect(tables.groups).toEqual([
      ['Group', 'Events', 'Participations'],
      ['Cafe group', '2', '6'],
      ['Cooks', '1', '3'],
    ]);
    expect(tables.places!.slice(1)).toEqual([
      ['Hall', '2', '4'],
      ['(no place)', '1', '5'],
    ]);
    expect(tables.dropins!.slice(1)).toEqual([[hubDay(new Date(Date.now() - 100 * DAY - 2 * 3_600_000), HELSINKI), 'cafe-dropin', '5']]);
    expect(tables.countGroups!.slice(1)).toEqual([
      ['First visit', '3'],
      ['Returning', '2'],
    ]);
    expect(tables.attendance).toEqual([
      ['Group', 'Came', 'Did not come', 'Not marked', 'Attendance rate (%)'],
      ['Cafe group', '0', '0', '1', ''],
      ['Cooks', '3', '2', '0', '60'],
    ]);
    expect(tables.waiting!.slice(1)).toEqual([[expect.any(String), 'cooking-evening', '5', '1', '2']]);
    expect(tables.spoken!.slice(1)).toEqual([
      ['Finnish', '2', '8'],
      ['Arabic', '1', '3'],
      ['Somali', '1', '5'],
    ]);
    expect(tables.chosen!.slice(1)).toEqual([
      ['Finnish', '2', '3'],
      ['Arabic', '1', '2'],
      ['English', '1', '2'],
    ]);
    expect(tables.firstTime!.slice(1)).toEqual([
      ['First time', '3'],
      ['Returning', '1'],
      ['Not known', '0'],
    ]);

    expect(tables.feedbackGroups).toEqual([
      ['Group', 'Answers', 'Average (1–5)'],
      ['Cafe group', '1', '2.0'],
      ['Cooks', '3', '4.0'],
    ]);
    expect(tables.feedbackMonths).toEqual([
      ['Month', 'Answers', 'Average (1–5)'],
      [m1, '3', '4.0'],
      [m3, '1', '2.0'],
    ]);
    expect(tables.feedbackComments!.slice(1)).toEqual([[expect.any(String), 'cooking-evening', '3', 'Hyvä ruoka']]);
    // Volunteer hours (decision 031): kept through retention, the unconfirmed offer not counted.
    expect(tables.volunteers).toEqual([
      ['Month', 'Helpers', 'Tasks', 'Hours'],
      [m1, '2', '2', '4.5'],
    ]);

    // The server reads the database after retention ran: the page shows the same tables.
    const page = await get(`/en/manage/reports?from=${range.from}&to=${range.to}`, 'admin');
    expect(page.status).toBe(200);
    const shown = htmlTables(await page.text());
    expect(shown).toEqual(tables);
  });

  it('each CSV equals its table', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const query = `from=${range.from}&to=${range.to}`;
      const shown = htmlTables(await (await get(`/${lang}/manage/reports?${query}`, 'admin')).text());
      expect(Object.keys(shown).length).toBe(14);
      for (const [key, rows] of Object.entries(shown)) {
        const csv = await get(`/${lang}/manage/reports/${key}.csv?${query}`, 'admin');
        expect(csv.status).toBe(200);
        expect(csv.headers.get('content-type')).toContain('text/csv');
        expect(parseCsv(await csv.text()), `${lang} ${key}`).toEqual(rows);
      }
    }
  });

  it("a leader reads their own groups' figures only", async () => {
    const query = `from=${range.from}&to=${range.to}`;
    const own = htmlTables(await (await get(`/en/manage/reports?${query}`, 'cook')).text());
    expect(own.groups).toEqual([
      ['Group', 'Events', 'Participations'],
      ['Cooks', '1', '3'],
    ]);
    expect(own.dropins).toBeUndefined();
    expect((await get(`/en/manage/reports?${query}&group=${ids.cafeGroup}`, 'cook')).status).toBe(403);
    expect((await get(`/en/manage/reports/groups.csv?${query}&group=${ids.cafeGroup}`, 'cook')).status).toBe(403);
    expect((await get(`/en/manage/reports?${query}&group=${ids.cafeGroup}`, 'leaderA')).status).toBe(200);
    // A range the wrong way round is a clear 422 in the page's language.
    const wrong = await get(`/fi/manage/reports?from=${range.to}&to=${range.from}`, 'admin');
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain(catalogs.fi.messages['reports.invalidRange']);
  });

  it('the page and its charts have no serious or critical axe finding in Arabic and Finnish', async () => {
    for (const lang of ['ar', 'fi']) {
      const page = await axeContext.newPage();
      await page.goto(`${server.url}/${lang}/manage/reports?from=${range.from}&to=${range.to}`);
      expect(await page.locator('svg.chart title').count()).toBeGreaterThan(3);
      const violations = await axeViolations(page);
      await page.close();
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, lang).toEqual([]);
    }
  });
});

describe('the head count', () => {
  it('counts taps on a phone with JavaScript off, never below zero', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookies.leaderA!.split('=')[1]!, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/en/manage/events/${ids.e5}/count`);
    const en = translator('en');
    await page.getByRole('button', { name: en('count.plus', { group: 'First visit' }) }).click();
    await page.getByRole('button', { name: en('count.plus', { group: 'First visit' }) }).click();
    await page.getByRole('button', { name: en('count.minus', { group: 'First visit' }) }).click();
    await page.getByRole('button', { name: en('count.minus', { group: 'Returning' }) }).click();
    await page.getByRole('button', { name: en('count.plus', { group: 'Returning' }) }).click();
    expect(await page.locator(`[data-count-n="${ids.first}"]`).textContent()).toBe('1');
    expect(await page.locator(`[data-count-n="${ids.returning}"]`).textContent()).toBe('1');
    await expect.poll(() => page.locator('[data-count-status]').textContent()).toContain('2');
    await context.close();
    // With JavaScript the same post goes in the background and the number changes in place.
    const scripted = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await scripted.addCookies([{ name: SESSION_COOKIE, value: cookies.leaderB!.split('=')[1]!, url: server.url }]);
    const live = await scripted.newPage();
    await live.goto(`${server.url}/en/manage/events/${ids.e5}/count`);
    const address = live.url();
    await live.getByRole('button', { name: en('count.plus', { group: 'First visit' }) }).click();
    await expect.poll(() => live.locator(`[data-count-n="${ids.first}"]`).textContent()).toBe('2');
    expect(live.url()).toBe(address);
    await scripted.close();
    // A leader of another group may not count here.
    const refused = await fetch(`${server.url}/en/manage/events/${ids.e5}/count`, {
      method: 'POST',
      headers: form('cook'),
      body: new URLSearchParams({ action: 'tap', slot: ids.first!, delta: '1' }),
      redirect: 'manual',
    });
    expect(refused.status).toBe(403);
  });
});

describe('privacy', () => {
  it('the consent text and the privacy page state the retention days from configuration, in every language', async () => {
    for (const lang of uiLanguages) {
      const html = await (await fetch(`${server.url}/${lang}/events/cooking-ahead`)).text();
      const consent = html.match(/<label class="choice consent"[\s\S]*?<\/label>/)?.[0] ?? '';
      // Written as the language writes numbers (Persian digits in Persian).
      expect(consent, lang).toContain(new Intl.NumberFormat(catalogs[lang].meta.locale).format(RETENTION));
      expect(html).toContain(`href="/${lang}/privacy"`);
      const privacy = await (await fetch(`${server.url}/${lang}/privacy`)).text();
      expect(privacy, lang).toContain(translator(lang)('privacy.howLong', { days: RETENTION }));
    }
  });

  it("a post the coordinator's privacy page cannot use says so in the page's language and changes nothing", async () => {
    const before = await (await get('/fi/manage/admin/privacy', 'admin')).text();
    const groupsOf = (html: string) => [...html.matchAll(/name="id" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    for (const [body, status] of [
      [{ action: 'archive', id: 'not-an-id', archived: 'yes' }, 422],
      [{ action: 'archive', id: '00000000-0000-4000-8000-000000000000', archived: 'yes' }, 404],
      [{ action: 'forget-everything' }, 422],
      [{}, 422],
    ] as const) {
      const response = await fetch(`${server.url}/fi/manage/admin/privacy`, {
        method: 'POST',
        headers: form('admin'),
        body: new URLSearchParams(body),
        redirect: 'manual',
      });
      expect(response.status, JSON.stringify(body)).toBe(status);
      const html = await response.text();
      expect(html, JSON.stringify(body)).toContain(translator('fi')('manage.error.other'));
      expect(groupsOf(html)).toEqual(groupsOf(before));
    }
    expect(groupsOf(await (await get('/fi/manage/admin/privacy', 'admin')).text())).toEqual(groupsOf(before));
  });

  it('a resident downloads their data, then deletes it: seats go to the waiting list, the contacts are in no table', async () => {
    const path = `/fi/signup/${eraseToken}`;
    const download = await fetch(server.url + path, { method: 'POST', headers: form(), body: new URLSearchParams({ action: 'download' }) });
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const data = (await download.json()) as { signup: { email: string; phone: string }; retention: { days: number } };
    expect(data.signup).toMatchObject({ email: ERASED_EMAIL, phone: ERASED_PHONE });
    expect(data.retention.days).toBe(RETENTION);

    const unticked = await fetch(server.url + path, { method: 'POST', headers: form(), body: new URLSearchParams({ action: 'erase' }) });
    expect(unticked.status).toBe(422);
    const erased = await fetch(server.url + path, {
      method: 'POST',
      headers: form(),
      body: new URLSearchParams({ action: 'erase', confirm: 'yes' }),
      redirect: 'manual',
    });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe('/fi/privacy?deleted=1');
    expect((await fetch(server.url + path)).status).toBe(404);
    const list = await (await get(`/fi/manage/events/${ids.e4}`, 'admin')).text();
    expect(list).toContain(catalogs.fi.messages['manage.list.removedByPerson']);
    expect(list).not.toContain('Erkki');

    const handle = await openServerDatabase(server);
    try {
      const db = handle.db;
      const [waiting] = await db.select({ status: signups.status }).from(signups).where(eq(signups.id, ids.p2!));
      expect(waiting!.status).toBe('confirmed');
      const [e4] = await db
        .select({ seatsTaken: events.seatsTaken, waitingCount: events.waitingCount })
        .from(events)
        .where(eq(events.id, ids.e4!));
      expect(e4).toEqual({ seatsTaken: 2, waitingCount: 0 });
      const columns = (await db.execute(
        sql`SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
      )) as unknown as { rows?: { table_name: string; column_name: string }[] } | { table_name: string; column_name: string }[];
      const list2 = Array.isArray(columns) ? columns : (columns.rows ?? []);
      expect(list2.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const { table_name, column_name } of list2) {
        for (const needle of [ERASED_EMAIL, ERASED_PHONE, ERASED_PHONE.slice(1), 'Erkki']) {
          const hit = (await db.execute(
            sql`SELECT count(*)::int AS n FROM ${sql.identifier(table_name)} WHERE ${sql.identifier(column_name)}::text LIKE ${`%${needle}%`}`,
          )) as unknown as { rows?: { n: number }[] } | { n: number }[];
          const n = Array.isArray(hit) ? hit[0]!.n : hit.rows![0]!.n;
          if (n > 0) found.push(`${table_name}.${column_name}: ${needle}`);
        }
      }
      expect(found).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
