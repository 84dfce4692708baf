import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubs } from '#db/schema/hubs.ts';
import { addDays, hubDay, startOfHubDay } from '#features/events/hub-days.ts';
import { catalogs } from '#i18n/catalog.ts';
import { formatLongDate } from '#i18n/format.ts';
import { textDirection, uiLanguages } from '#i18n/languages.ts';
import { formHeaders, signInByLink, startPreparedServer } from '../setup/accounts.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The hub's own page, the accessibility statement, and the not-found pages in the language of
// the address.
const smtp = new TestSmtp();
let server: RunningServer;
let admin = '';
let timeZone = '';

const msg = (lang: string, key: string) => (catalogs[lang as 'fi'].messages as Record<string, string>)[key]!;
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

beforeAll(async () => {
  await smtp.start();
  ({ server } = await startPreparedServer({
    env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' },
    accounts: [
      { email: 'hub-admin@example.org', role: 'admin' },
      { email: 'hub-leader@example.org', role: 'leader', groups: [] },
    ],
    prepare: async (db) => {
      timeZone = (await db.select().from(hubs))[0]!.timezone;
    },
  }));
  admin = await signInByLink(server, smtp, 'hub-admin@example.org');
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe("the hub's own page", () => {
  it('the coordinator writes the texts and the hours with JavaScript off; fi and ar visitors see them, open or closed now', async () => {
    // Read once before: the page is kept in the page cache and must be forgotten on saving.
    // The demo hub's page first.
    const before = await (await get('/fi/about')).text();
    expect(before).toContain('Kototori on naapuruston olohuone');
    expect(before).toContain('Toritie 5, 00940 Helsinki');
    const today = hubDay(new Date(), timeZone);
    const tomorrow = addDays(today, 1);
    const fields: [string, string][] = [
      ['sourceLang', 'fi'],
      ['about_fi', 'Olohuone kaikille naapuruston asukkaille.'],
      ['about_ar', 'غرفة معيشة لكل سكان الحي.'],
      // Translations left empty are gone: the directions stay Finnish only.
      ['directions_fi', 'Raitiovaunu 7, pysäkki Torikatu.'],
      ['accessibilityInfo_fi', 'Sisäänkäynti ilman portaita, esteetön WC.'],
      ['aboutSelko', 'Tori on talo. Voit tulla tänne. Täällä on kahvia.'],
      ['address', 'Torikatu 1, 00100 Helsinki'],
      ['phone', '+358 40 123 4567'],
      // Today closed (a holiday) and tomorrow a short day: "closed now, opens tomorrow at 10".
      ['exceptions', `${tomorrow} 10:00-12:00\n${today}`],
      ...['1', '2', '3', '4', '5'].flatMap((d): [string, string][] => [
        [`opens_${d}`, '09:00'],
        [`closes_${d}`, '17:00'],
      ]),
      ['action', 'save'],
    ];
    // A day with only one of its times: refused, said in words, nothing saved.
    const wrong = await fetch(`${server.url}/fi/manage/admin/hub`, {
      method: 'POST',
      headers: formHeaders(server, admin),
      body: new URLSearchParams([...fields, ['opens_6', '10:00']]),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(422);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('class="error-summary"');
    expect(wrongPage).toContain('lauantai');
    expect(wrongPage).toContain('Olohuone kaikille naapuruston asukkaille.');

    const saved = await fetch(`${server.url}/fi/manage/admin/hub`, {
      method: 'POST',
      headers: formHeaders(server, admin),
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/fi/manage/admin/hub?saved=1#result');
    const form = await (await get('/fi/manage/admin/hub', { Cookie: admin })).text();
    expect(form).toContain('value="09:00"');
    expect(form).toContain(`${today}\n${tomorrow} 10:00-12:00`);
    // The change log says it in words.
    expect(await (await get('/fi/manage/admin/audit', { Cookie: admin })).text()).toContain(msg('fi', 'audit.action.hub.page'));

    // "Written in": another first language shows the form again as typed, saving nothing.
    const relang = await fetch(`${server.url}/fi/manage/admin/hub`, {
      method: 'POST',
      headers: formHeaders(server, admin),
      body: new URLSearchParams([
        ...fields.filter(([k]) => k !== 'sourceLang' && k !== 'action'),
        ['sourceLang', 'ar'],
        ['action', 'relang'],
      ]),
      redirect: 'manual',
    });
    expect(relang.status).toBe(200);
    const relangPage = await relang.text();
    expect(relangPage).toMatch(/<option value="ar" selected/);
    expect(relangPage).toContain('غرفة معيشة لكل سكان الحي.');

    const fi = await (await get('/fi/about')).text();
    expect(fi).not.toContain('Kototori on naapuruston olohuone');
    expect(fi).toContain('Olohuone kaikille naapuruston asukkaille.');
    expect(fi).toContain('Raitiovaunu 7, pysäkki Torikatu.');
    expect(fi).toContain('Sisäänkäynti ilman portaita, esteetön WC.');
    expect(fi).toContain('id="selko"');
    expect(fi).toContain('Tori on talo. Voit tulla tänne.');
    expect(fi).toContain('href="https://www.openstreetmap.org/search?query=Torikatu%201%2C%2000100%20Helsinki"');
    expect(fi).toMatch(/<a class="phone tap" href="tel:\+358401234567" dir="ltr">\+358 40 123 4567<\/a>/);
    expect(fi).toContain('data-state="closed"');
    expect(fi).toContain(msg('fi', 'hours.opensTomorrow').replace('{time}', '10.00'));
    expect(fi).toContain('maanantai');

    const ar = await (await get('/ar/about')).text();
    expect(ar).toMatch(/<html lang="ar" dir="rtl"/);
    expect(ar).toContain('غرفة معيشة لكل سكان الحي.');
    // The phone number reads left to right inside the right-to-left page.
    expect(ar).toContain('href="tel:+358401234567" dir="ltr"');
    expect(ar).toContain(msg('ar', 'hours.opensTomorrow').split('{time}')[0]!);
    // The Finnish text stands in for the untranslated directions, marked as Finnish.
    expect(ar).toContain('lang="fi"');
    expect(ar).not.toContain('id="selko"');

    // The home page gives the address and "open now" briefly, with a link to the page.
    const home = await (await get('/fi/')).text();
    expect(home).toContain('Torikatu 1, 00100 Helsinki');
    expect(home).toContain('href="/fi/about"');
    expect(home).toContain(msg('fi', 'hours.opensTomorrow').replace('{time}', '10.00'));
  });

  it('is the coordinator’s alone to edit', async () => {
    const leader = await signInByLink(server, smtp, 'hub-leader@example.org');
    expect((await get('/fi/manage/admin/hub', { Cookie: leader })).status).toBe(403);
    const post = await fetch(`${server.url}/fi/manage/admin/hub`, {
      method: 'POST',
      headers: formHeaders(server, leader),
      body: new URLSearchParams({ about_fi: 'Luvaton', action: 'save' }),
      redirect: 'manual',
    });
    expect(post.status).toBe(403);
    expect(await (await get('/fi/about')).text()).not.toContain('Luvaton');
  });
});

describe('the accessibility statement', () => {
  it('exists in all eight languages with the required parts, linked from the footer', async () => {
    for (const lang of uiLanguages) {
      const response = await get(`/${lang}/accessibility`);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain(`<html lang="${lang}" dir="${textDirection(lang)}"`);
      for (const key of [
        'a11y.title',
        'a11y.standardTitle',
        'a11y.stateTitle',
        'a11y.gapsTitle',
        'a11y.feedbackTitle',
        'a11y.supervisionTitle',
        'a11y.dateTitle',
      ]) {
        expect(page, `${lang} ${key}`).toContain(escaped(msg(lang, key)));
      }
      expect(page).toContain('WCAG 2.1');
      expect(page).toContain('EN 301 549');
      expect(page).toContain('href="https://www.saavutettavuusvaatimukset.fi/"');
      // Dated, in the visitor's own digits (Persian ones in Persian).
      expect(page).toContain(formatLongDate(startOfHubDay('2026-12-03', timeZone), lang, timeZone));
      for (const path of [`/${lang}/`, `/${lang}/events`, `/${lang}/about`]) {
        expect(await (await get(path)).text(), path).toContain(`<a href="/${lang}/accessibility">${escaped(msg(lang, 'a11y.title'))}</a>`);
      }
    }
  });
});

describe('not found, in the language of the address', () => {
  it('answers 404 in each language, with its lang and dir, whatever the browser prefers', async () => {
    for (const lang of uiLanguages) {
      const expected: [string, string][] = [
        [`/${lang}/no-such-page/deeper`, 'notFound.title'],
        [`/${lang}/events/unknown-slug`, 'notFound.title'],
        [`/${lang}/groups/unknown`, 'notFound.title'],
        [`/${lang}/places/unknown`, 'notFound.title'],
        [`/${lang}/signup/badtoken`, 'signup.manage.notFound'],
        [`/${lang}/feedback/badtoken`, 'feedback.notFound'],
      ];
      for (const [path, key] of expected) {
        const response = await get(path, { 'Accept-Language': lang === 'en' ? 'fi' : 'en' });
        expect(response.status, path).toBe(404);
        const page = await response.text();
        expect(page, path).toContain(`<html lang="${lang}" dir="${textDirection(lang)}"`);
        expect(page, path).toContain(escaped(msg(lang, key)));
        expect(page, path).not.toMatch(/\bat .+\.(?:ts|js|mjs):\d+/);
      }
    }
  });
});

describe('accessibility of the new pages', () => {
  it('has no serious or critical finding on /about, /accessibility and the editor in fi and ar', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const [name, value] = admin.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      const findings: string[] = [];
      for (const path of [
        '/fi/about',
        '/ar/about',
        '/fi/accessibility',
        '/ar/accessibility',
        '/fi/manage/admin/hub',
        '/ar/manage/admin/hub',
      ]) {
        await page.goto(server.url + path);
        const violations = await axeViolations(page);
        findings.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}`));
      }
      expect(findings).toEqual([]);
      // On a small phone nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 568 });
      for (const path of ['/fi/about', '/ar/about', '/ar/accessibility', '/ar/manage/admin/hub']) {
        await page.goto(server.url + path);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      }
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
