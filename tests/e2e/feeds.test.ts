import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiLanguages } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { eventFacts, parseCalendar } from '../setup/ical.ts';
import { postJson } from '../setup/http.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

const smtp = new TestSmtp();
let server: RunningServer;
const tokens: Record<string, string> = {};
const created: Record<string, { id: string; slug: string; start: string; end: string }> = {};

// The server runs with PUBLIC_URL unset: links go to http://localhost:PORT.
const publicUrl = () => `http://localhost:${new URL(server.url).port}`;
const form = (cookie?: string) => ({
  Origin: server.url,
  'Content-Type': 'application/x-www-form-urlencoded',
  ...(cookie ? { Cookie: cookie } : {}),
});

const signIn = (email: string) => signInByLink(server, smtp, email);

async function getFeed(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, { headers });
  const text = await response.text();
  return { response, text, parsed: response.status === 200 ? parseCalendar(text) : null };
}

/** The last Sunday of a month: the EU's DST changes are on the last Sundays of March and October. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Today in Helsinki, minus 30 days: where the feed starts when no `from` is given. */
function windowFrom(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
  return shift(today, -30);
}

async function listingCount(query: string): Promise<number> {
  const html = await (await fetch(`${server.url}/en/events?${query}`)).text();
  return Number(html.match(/<p role="status">([\d,]+) events?<\/p>/)![1]!.replace(/,/g, ''));
}

beforeAll(async () => {
  await smtp.start();
  const started = await startServerWithAccounts({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, [
    { email: 'admin@example.org', role: 'admin', token: true },
    { email: 'leader@example.org', role: 'leader', groups: ['cooking-together'] },
  ]);
  server = started.server;
  tokens.admin = started.tokens['admin@example.org']!;

  // Sessions on both sides of next year's DST changes, 18:00 Helsinki time each.
  const year = new Date().getUTCFullYear() + 1;
  const spring = lastSunday(year, 3);
  const autumn = lastSunday(year, 10);
  const sessions = {
    springBefore: `${shift(spring, -1)}T18:00:00+02:00`,
    springAfter: `${shift(spring, 1)}T18:00:00+03:00`,
    autumnBefore: `${shift(autumn, -1)}T18:00:00+03:00`,
    autumnAfter: `${shift(autumn, 1)}T18:00:00+02:00`,
  };
  for (const [key, start] of Object.entries(sessions)) {
    const end = new Date(Date.parse(start) + 90 * 60_000).toISOString();
    const response = await postJson(
      `${server.url}/api/v1/events`,
      {
        title: { fi: `Kelloilta ${key}`, en: `Clock evening ${key}` },
        summary: { fi: 'Kellot siirtyvät.' },
        category: 'cooking',
        group: 'cooking-together',
        place: 'kototori',
        start,
        end,
        mode: 'signup',
        capacity: 4,
        waitlist: true,
        spokenLanguages: ['fi', 'so'],
      },
      { Authorization: `Bearer ${tokens.admin}` },
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    created[key] = { id: body.id, slug: body.slug, start, end };
  }
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('/calendar.ics', () => {
  it('is a calendar that ical.js reads, with the headers subscribers need', async () => {
    const { response, parsed, text } = await getFeed('/calendar.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect(Date.parse(response.headers.get('last-modified')!)).not.toBeNaN();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(parsed!.prop('x-wr-calname')).toBe(`Kototori: ${translator('fi')('feeds.programme')}`);
    expect(parsed!.calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual(['Europe/Helsinki']);
    for (const e of parsed!.events) {
      expect(e.uid).toMatch(/^[0-9a-f-]{36}@tori$/);
      expect(e.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
      expect(e.component.getFirstPropertyValue('last-modified')).toBeTruthy();
      expect(e.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Helsinki');
    }
  });

  it('has as many events as the listing with the same filters (from a month back), bad values dropped as there', async () => {
    const from = windowFrom();
    const queries = [
      '',
      'group=cooking-together',
      'category=cooking&spoken=so',
      'audience=women',
      'place=kototori&mode=dropin',
      'q=kelloilta',
      'mode=signup&to=2099-12-31',
    ];
    for (const query of queries) {
      const { parsed } = await getFeed(`/calendar.ics?${query}`);
      expect(parsed!.events.length, query).toBe(await listingCount(`${query}&from=${from}`));
      expect(parsed!.events.length, query).toBeGreaterThan(0);
    }
    const withBad = await getFeed('/calendar.ics?group=NO%20SUCH!&from=2027-02-30&mode=sometimes&audience=aliens&lang=xx');
    expect(withBad.response.status).toBe(200);
    expect(withBad.text).toBe((await getFeed('/calendar.ics')).text);
    const past = await getFeed(`/calendar.ics?from=2000-01-01&group=cooking-together`);
    expect(past.parsed!.events.length).toBe(await listingCount('from=2000-01-01&group=cooking-together'));
  });

  it('holds the same events as the JSON API with the same filters, at the same instants', async () => {
    const from = windowFrom();
    for (const query of ['', 'group=cooking-together', 'category=cooking&spoken=so', 'mode=dropin', 'q=kelloilta']) {
      const api: { id: string; start: string; end: string; status: string }[] = [];
      // Small pages, so the comparison follows the API's cursor too.
      for (let url: string | null = `${server.url}/api/v1/events?${query}&from=${from}&limit=7`; url; ) {
        const body = (await (await fetch(url.replace(/^https?:\/\/[^/]+/, server.url))).json()) as {
          events: typeof api;
          next: string | null;
        };
        api.push(...body.events);
        url = body.next;
      }
      const { parsed } = await getFeed(`/calendar.ics?${query}`);
      const facts = new Map(parsed!.events.map(eventFacts).map((f) => [f.uid, f]));
      expect(facts.size, query).toBe(api.length);
      for (const e of api) {
        const f = facts.get(`${e.id}@tori`);
        expect(f, `${query} ${e.id}`).toBeDefined();
        expect([f!.start, f!.end, f!.status ?? 'CONFIRMED'], `${query} ${e.id}`).toEqual([
          Date.parse(e.start),
          Date.parse(e.end),
          e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        ]);
      }
    }
  });

  it('gives each session its own instants in Helsinki time on both sides of both DST changes', async () => {
    const { parsed } = await getFeed('/calendar.ics?q=kelloilta&lang=en');
    const facts = parsed!.events.map(eventFacts);
    expect(facts).toHaveLength(4);
    for (const [key, session] of Object.entries(created)) {
      const got = facts.find((f) => f.uid === `${session.id}@tori`)!;
      expect(got, key).toMatchObject({
        start: Date.parse(session.start),
        end: Date.parse(session.end),
        tzid: 'Europe/Helsinki',
        summary: `Clock evening ${key}`,
      });
      expect(parsed!.events.find((e) => e.uid === got.uid)!.startDate.hour).toBe(18);
      expect(got.url).toMatch(new RegExp(`/en/events/${session.slug}$`));
    }
  });

  it("speaks every UI language, with the pages' fallback chain (English, then Finnish; Swedish: Finnish first)", async () => {
    for (const lang of uiLanguages) {
      const { parsed } = await getFeed(`/calendar.ics?q=kelloilta&lang=${lang}`);
      const t = translator(lang);
      expect(parsed!.prop('x-wr-calname')).toBe(`Kototori: ${t('feeds.programme')}`);
      const first = eventFacts(parsed!.events.find((e) => e.uid === `${created.springBefore!.id}@tori`)!);
      expect(first.summary).toBe(lang === 'fi' || lang === 'sv' ? 'Kelloilta springBefore' : 'Clock evening springBefore');
      expect(first.url).toBe(`${publicUrl()}/${lang}/events/${created.springBefore!.slug}`);
      expect(first.description).toContain('Kellot siirtyvät.');
      expect(first.description).toContain(`${t('event.spoken')}: `);
      expect(first.location).toContain('Toritie 5, 00940 Helsinki');
    }
  });

  it('answers 304 to its own ETag and Last-Modified; a change of time keeps the UID, raises SEQUENCE and makes a new ETag', async () => {
    const first = await getFeed('/calendar.ics');
    const etag = first.response.headers.get('etag')!;
    const lastModified = first.response.headers.get('last-modified')!;
    expect((await fetch(`${server.url}/calendar.ics`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(`${server.url}/calendar.ics`, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    const session = created.autumnAfter!;
    const before = eventFacts(first.parsed!.events.find((e) => e.uid === `${session.id}@tori`)!);
    await new Promise((r) => setTimeout(r, 1100));
    const moved = await fetch(`${server.url}/api/v1/events/${session.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.admin}` },
      body: JSON.stringify({
        start: new Date(Date.parse(session.start) + 3_600_000).toISOString(),
        end: new Date(Date.parse(session.end) + 3_600_000).toISOString(),
      }),
    });
    expect(moved.status).toBe(200);
    const second = await getFeed('/calendar.ics', { 'If-None-Match': etag });
    expect(second.response.status).toBe(200);
    expect(second.response.headers.get('etag')).not.toBe(etag);
    expect((await fetch(`${server.url}/calendar.ics`, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(200);
    const after = eventFacts(second.parsed!.events.find((e) => e.uid === `${session.id}@tori`)!);
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBe(before.sequence + 1);
    expect(after.start).toBe(Date.parse(session.start) + 3_600_000);

    const cancelled = await postJson(`${server.url}/api/v1/events/${session.id}/cancel`, {}, { Authorization: `Bearer ${tokens.admin}` });
    expect(cancelled.status).toBe(200);
    const third = await getFeed('/calendar.ics');
    const gone = eventFacts(third.parsed!.events.find((e) => e.uid === `${session.id}@tori`)!);
    expect(gone).toMatchObject({ status: 'CANCELLED', sequence: before.sequence + 2 });
    expect(third.response.headers.get('etag')).not.toBe(second.response.headers.get('etag'));
  });
});

describe("one event's .ics", () => {
  it("is linked from the event page and the sign-up's manage page, and holds that one event", async () => {
    const session = created.springBefore!;
    const page = await (await fetch(`${server.url}/sv/events/${session.slug}`)).text();
    expect(page).toContain(`href="/sv/events/${session.slug}.ics"`);
    const { response, parsed } = await getFeed(`/sv/events/${session.slug}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${session.slug}.ics"`);
    expect(parsed!.prop('method')).toBe('PUBLISH');
    expect(parsed!.events.map(eventFacts)).toMatchObject([
      { uid: `${session.id}@tori`, start: Date.parse(session.start), status: 'CONFIRMED' },
    ]);
    expect(
      (await fetch(`${server.url}/sv/events/${session.slug}.ics`, { headers: { 'If-None-Match': response.headers.get('etag')! } })).status,
    ).toBe(304);

    const signup = await postJson(`${server.url}/api/v1/events/${session.id}/signups`, {
      name: 'Aino',
      email: 'aino@example.org',
      adults: 1,
      consent: true,
    });
    const { manageUrl } = await signup.json();
    const manage = await (await fetch(server.url + new URL(manageUrl).pathname)).text();
    expect(manage).toContain(`/events/${session.slug}.ics"`);

    for (const path of [`/fi/events/no-such-event.ics`, `/xx/events/${session.slug}.ics`, `/fi/events/${session.slug}.ICS`]) {
      expect((await fetch(server.url + path)).status, path).toBe(404);
    }
  });
});

describe('private feeds', () => {
  it("are made and revoked on the leaders' page with plain form posts; the feed shows seat counts; a dead token reveals nothing", async () => {
    const cookie = await signIn('leader@example.org');
    const manage = await (await fetch(`${server.url}/fi/manage`, { headers: { Cookie: cookie } })).text();
    expect(manage).toContain('href="/fi/manage/feeds"');
    const empty = await fetch(`${server.url}/fi/manage/feeds`, { headers: { Cookie: cookie } });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain(translator('fi')('feeds.none'));

    const noOrigin = await fetch(`${server.url}/fi/manage/feeds`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=create&name=x',
    });
    expect(noOrigin.status).toBe(403);
    const unnamed = await fetch(`${server.url}/fi/manage/feeds`, {
      method: 'POST',
      headers: form(cookie),
      body: new URLSearchParams({ action: 'create', name: '   ' }),
    });
    expect(unnamed.status).toBe(422);
    expect(await unnamed.text()).toContain(translator('fi')('feeds.nameInvalid'));

    const made = await fetch(`${server.url}/fi/manage/feeds`, {
      method: 'POST',
      headers: form(cookie),
      body: new URLSearchParams({ action: 'create', name: 'Työpuhelin' }),
    });
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('private, no-store');
    const html = await made.text();
    const address = html.match(/value="(https?:\/\/[^"]+\/feeds\/([A-Za-z0-9_-]{27})\.ics)"/)!;
    expect(address).not.toBeNull();
    const token = address[2]!;
    expect(html).toContain(`href="webcal://${new URL(address[1]!).host}/feeds/${token}.ics"`);
    // The address is shown once: the list afterwards has the name but not the token.
    const listed = await (await fetch(`${server.url}/fi/manage/feeds`, { headers: { Cookie: cookie } })).text();
    expect(listed).toContain('Työpuhelin');
    expect(listed).not.toContain(token);

    for (const name of ['Aino', 'Bilal', 'Chen']) {
      expect(
        (
          await postJson(`${server.url}/api/v1/events/${created.springAfter!.id}/signups`, {
            name,
            email: `${name.toLowerCase()}@example.org`,
            adults: name === 'Chen' ? 2 : 1,
            consent: true,
          })
        ).status,
      ).toBe(201);
    }
    expect(
      (
        await postJson(`${server.url}/api/v1/events/${created.springAfter!.id}/signups`, {
          name: 'Dana',
          email: 'dana@example.org',
          adults: 1,
          consent: true,
        })
      ).status,
    ).toBe(201);
    const feed = await getFeed(`/feeds/${token}.ics`);
    expect(feed.response.status).toBe(200);
    expect(feed.response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.response.headers.get('cache-control')).toBe('private, no-cache');
    const after = eventFacts(feed.parsed!.events.find((e) => e.uid === `${created.springAfter!.id}@tori`)!);
    expect(after.description).toContain(translator('fi')('manage.seats', { taken: 4, capacity: 4, waiting: 1 }));
    expect(feed.parsed!.prop('x-wr-calname')).toBe(`Kototori: ${translator('fi')('manage.title')}`);
    // Only the leader's group: the café's sessions are not in it.
    const cafe = await getFeed('/calendar.ics?group=cafe');
    const mine = new Set(feed.parsed!.events.map((e) => e.uid));
    expect(cafe.parsed!.events.some((e) => mine.has(e.uid))).toBe(false);
    expect(
      (await fetch(`${server.url}/feeds/${token}.ics`, { headers: { 'If-None-Match': feed.response.headers.get('etag')! } })).status,
    ).toBe(304);
    const used = await (await fetch(`${server.url}/fi/manage/feeds`, { headers: { Cookie: cookie } })).text();
    expect(used).not.toContain(translator('fi')('feeds.never'));

    const id = listed.match(/name="id" value="([0-9a-f-]{36})"/)![1]!;
    const revoked = await fetch(`${server.url}/fi/manage/feeds`, {
      method: 'POST',
      headers: form(cookie),
      body: new URLSearchParams({ action: 'revoke', id }),
      redirect: 'manual',
    });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/fi/manage/feeds?revoked=1');

    const answers = await Promise.all(
      [token, `${token.slice(0, -2)}AA`, 'not-a-token', 'x'.repeat(300), '%00'].map(async (t) => {
        const response = await fetch(`${server.url}/feeds/${t}.ics`);
        return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
      }),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]).toEqual({ status: 404, type: 'text/plain; charset=utf-8', body: 'Not found\n' });

    const admin = await signIn('admin@example.org');
    const audit = await (await fetch(`${server.url}/fi/manage/admin/audit`, { headers: { Cookie: admin } })).text();
    // The change log names what happened in words (the coordinator reads it), never the code.
    expect(audit).toContain(translator('fi')('audit.action.feed-token.create'));
    expect(audit).toContain(translator('fi')('audit.action.feed-token.revoke'));
    expect(audit).not.toContain('feed-token.create');
  });

  it('work in a browser without JavaScript, right to left, with no serious accessibility problem', async () => {
    const cookie = await signIn('leader@example.org');
    const [name, value] = cookie.split('=') as [string, string];
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/fa/manage/feeds`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.fill('#feed-name', 'تلفن کاری');
      await page.locator('form:has(input[value=create]) button[type=submit]').click();
      await page.waitForSelector('#feed-address');
      const address = await page.inputValue('#feed-address');
      expect(address).toMatch(/\/feeds\/[A-Za-z0-9_-]{27}\.ics$/);
      expect(await page.getAttribute('a[href^="webcal:"]', 'href')).toBe(address.replace(/^http:/, 'webcal:'));
      expect((await fetch(address.replace(/^http:\/\/localhost:\d+/, server.url))).status).toBe(200);

      const audit = await browser.newContext({ viewport: { width: 360, height: 740 } });
      await audit.addCookies([{ name, value, url: server.url }]);
      const axePage = await audit.newPage();
      await axePage.goto(`${server.url}/fa/manage/feeds`);
      const violations = await axeViolations(axePage);
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await audit.close();

      const row = page.locator('tr', { hasText: 'تلفن کاری' });
      await row.locator('button[type=submit]').click();
      await page.waitForURL(/revoked=1/);
      expect(await page.locator('tr', { hasText: 'تلفن کاری' }).innerText()).toContain(
        translator('fa')('feeds.revokedOn', { date: '' }).trim(),
      );
      expect((await fetch(address.replace(/^http:\/\/localhost:\d+/, server.url))).status).toBe(404);
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
