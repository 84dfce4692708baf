import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { addTask } from '#features/helpers/mutations.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { phraseComma } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { addSignedInUser, startPreparedServer } from '../setup/accounts.ts';
import { launchBrowser, seriousViolationsOfCopy } from '../setup/browser.ts';
import { addActor } from '../setup/fixtures.ts';
import { pdfLines } from '../setup/pdf.ts';
import { openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

/*
 * Offering to help, end to end with JavaScript off (decision 031), in Arabic and in Finnish:
 * the event with "Helpers needed", the offer form with a mistake first, the link by email, the
 * helper's page, the leader's confirmation and hours, the certificate.
 */
const smtp = new TestSmtp();
const env = () => ({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
const SLUG = 'helpers-evening';
const TITLE = { fi: 'Auttajien ilta', en: 'Helpers evening', ar: 'أمسية المساعدين' };
const HELPERS = {
  ar: { name: 'علي حسن', email: 'ali@example.org', hours: '2,5', minutes: 150 },
  fi: { name: 'Aino Ääpälä', email: 'aino@example.org', hours: '1,75', minutes: 105 },
} as const;
let server: RunningServer;
let browser: Browser;
let visitor: BrowserContext;
let leader: BrowserContext;
let axeContext: BrowserContext;
let leaderCookie = '';
const links: Partial<Record<Lang, string>> = {};

beforeAll(async () => {
  await smtp.start();
  const started = await startPreparedServer({
    env: env(),
    prepare: async (db) => {
      const [hub] = await db.select().from(hubs);
      const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
      const [cooking] = await db.select().from(groups).where(eq(groups.slug, 'cooking-together'));
      const start = Date.now() + 5 * 86_400_000;
      const [event] = await insertEvents(db, [
        {
          hubId: hub!.id,
          categoryId: category!.id,
          groupId: cooking!.id,
          slug: SLUG,
          title: TITLE,
          startsAt: new Date(start),
          endsAt: new Date(start + 3 * 3_600_000),
          mode: 'dropin',
        },
      ]);
      const admin = await addActor(db, { hubId: hub!.id, email: 'coordinator@example.org', role: 'admin', name: 'Koordinaattori' });
      const added = await addTask(db, admin, event!.id, { kind: 'cook', language: null, name: {}, needed: 2 });
      if (added.kind !== 'added') throw new Error(added.kind);
      leaderCookie = (await addSignedInUser(db, { hubId: hub!.id, email: 'cook-leader@example.org', role: 'leader', groupId: cooking!.id }))
        .cookie;
    },
  });
  server = started.server;
  browser = await launchBrowser();
  visitor = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, acceptDownloads: true });
  leader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const [name, value] = leaderCookie.split('=') as [string, string];
  await leader.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  // axe-core runs as a script, so the audit gets a context of its own.
  axeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

const seriousViolations = (visited: Page) => seriousViolationsOfCopy(visited, axeContext);

describe.each([{ lang: 'ar' as const }, { lang: 'fi' as const }])('offering to help in $lang, JavaScript off', ({ lang }) => {
  const t = translator(lang);
  const helper = HELPERS[lang];

  it('finds the event by "Helpers needed", makes a mistake, loses nothing, then sends; the link comes by email', async () => {
    const page = await visitor.newPage();
    await page.goto(`${server.url}/${lang}/events?help=1`);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    await page.locator(`a[href="/${lang}/events/${SLUG}"]`).first().click();
    await expect.poll(() => page.url()).toContain(`/${lang}/events/${SLUG}`);
    await expect.poll(() => page.locator('#helpers-needed').textContent()).toContain(t('helpers.needed'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: t('helpers.offerLink') }).click();
    await expect.poll(() => page.url()).toContain(`/${lang}/events/${SLUG}/help`);
    expect(await page.locator('main').textContent()).toContain(`${TITLE[lang]}${phraseComma(lang)}`);

    // No email and no phone: the error in the page's language; what was typed is still there.
    await page.fill('#of-name', helper.name);
    await page.check('#of-consent');
    await page.getByRole('button', { name: t('helpers.submit') }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain(t('signup.error.contactRequired'));
    expect(await page.inputValue('#of-name')).toBe(helper.name);
    expect(await page.isChecked('#of-consent')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const before = smtp.received.length;
    await page.fill('#of-email', helper.email);
    await page.getByRole('button', { name: t('helpers.submit') }).click();
    await expect.poll(() => page.url()).toContain('sent=1');
    expect(await page.locator('[role=status]').first().textContent()).toContain(t('helpers.sent'));
    // The link is never on the page: only in the message to the address given.
    expect(await page.content()).not.toContain('/helper/');
    await smtp.waitFor(before + 1);
    const mail = smtp.received.slice(before).find((m) => (m.mail.to as { text: string }).text === helper.email)!;
    expect(mail.mail.subject).toBe(t('mail.helperOffered.subject', { event: TITLE[lang] }));
    links[lang] = new URL(mail.mail.text!.match(/https?:\/\/\S+\/helper\/[A-Za-z0-9_-]+/)![0]).pathname;
    expect(links[lang]).toMatch(new RegExp(`^/${lang}/helper/`));

    await page.goto(server.url + links[lang]);
    const record = await page.locator('table.helper-record').textContent();
    expect(record).toContain(TITLE[lang]);
    expect(record).toContain(t('helpers.status.offered'));
    expect(await page.locator('caption').textContent()).toContain(helper.name);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the leader confirms, sets the hours after the event, and the helpers take their certificates', () => {
  const fi = translator('fi');

  it('confirms both offers on the helpers page, signed in, JavaScript off', async () => {
    const page = await leader.newPage();
    const eventId = (await (await fetch(`${server.url}/en/events/${SLUG}`)).text()).match(/\/api\/v1\/events\/([0-9a-f-]{36})/)![1]!;
    for (const helper of Object.values(HELPERS)) {
      await page.goto(`${server.url}/fi/manage/events/${eventId}/helpers`);
      await page
        .locator('li', { hasText: helper.name })
        .getByRole('button', { name: fi('helpers.manage.confirm') })
        .click();
      await expect.poll(() => page.url()).toContain('saved=');
      expect(await page.locator('li', { hasText: helper.name }).textContent()).toContain(fi('helpers.status.confirmed'));
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();

    // The evening is over: moved into the past in the database (a restart on PGlite's one opener).
    const handle = await openServerDatabase(server);
    try {
      await handle.db
        .update(events)
        .set({ startsAt: sql`now() - interval '4 hours'`, endsAt: sql`now() - interval '1 hour'` })
        .where(eq(events.slug, SLUG));
    } finally {
      await handle.close();
    }
    if (server.process.exitCode !== null || server.process.signalCode !== null) server = await startServer(env(), server.storage);

    const after = await leader.newPage();
    for (const helper of Object.values(HELPERS)) {
      await after.goto(`${server.url}/fi/manage/events/${eventId}/helpers`);
      const row = after.locator('li', { hasText: helper.name });
      await row.getByLabel(fi('helpers.manage.hours')).fill(helper.hours);
      await row.getByRole('button', { name: fi('helpers.manage.confirmHours') }).click();
      await expect.poll(() => after.url()).toContain('saved=');
      expect(await after.locator('li', { hasText: helper.name }).getByLabel(fi('helpers.manage.hours')).inputValue()).toBe(
        helper.hours.replace(',', '.'),
      );
    }
    expect(await seriousViolations(after)).toEqual([]);
    await after.close();
  });

  for (const lang of ['ar', 'fi'] as const) {
    it(`the ${lang} helper sees the hours and downloads the certificate`, async () => {
      const t = translator(lang);
      const helper = HELPERS[lang];
      const page = await visitor.newPage();
      await page.goto(server.url + links[lang]!);
      // The page writes hours in its own language's digits and decimal sign (Arabic: ٢٫٥).
      const hours = (helper.minutes / 60).toLocaleString(lang, { maximumFractionDigits: 2 });
      expect(await page.locator('table.helper-record').textContent()).toContain(t('helpers.status.confirmed'));
      expect(await page.locator('main').textContent()).toContain(t('helpers.record.total', { hours }));
      expect(await seriousViolations(page)).toEqual([]);
      const certificateLang = lang === 'fi' ? 'fi' : 'en';
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`a[download][hreflang="${certificateLang}"]`).click(),
      ]);
      const lines = await pdfLines(new Uint8Array(readFileSync((await download.path())!)));
      const text = lines.map((cells) => cells.join(' | ')).join('\n');
      const c = translator(certificateLang);
      // The Arabic name comes back as typed (joined letters, right to left), not as "?".
      expect(text).toContain(helper.name);
      expect(text).toContain(TITLE[certificateLang]);
      expect(text).toContain(c('certificate.total', { hours }));
      expect(text).toContain('Koordinaattori');
      await page.close();
    });
  }
});
