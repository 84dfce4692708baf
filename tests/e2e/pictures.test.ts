import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs } from '#i18n/catalog.ts';
import { signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { launchBrowser } from '../setup/browser.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';
import { translator } from '#i18n/translate.ts';

// A picture per event and group (decision 028): uploaded on the leaders' and the coordinator's
// forms, decoded and redrawn on the server, served as AVIF/WebP/JPEG at two widths.
const smtp = new TestSmtp();
let server: RunningServer;
let browser: Browser;
let leaderContext: BrowserContext;
let adminContext: BrowserContext;
let png: Buffer;
let eventId = '';
let slug = '';
const msg = (lang: keyof typeof catalogs, key: string) => (catalogs[lang].messages as Record<string, string>)[key]!;
const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

async function signedIn(cookie: string) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
  return context;
}

/** The <picture> of a page: its sources' types and srcsets, and the img's attributes. */
async function pictureOf(page: Page) {
  return page.locator('picture.picture').evaluate((el) => ({
    sources: [...el.querySelectorAll('source')].map((s) => ({ type: s.getAttribute('type'), srcset: s.getAttribute('srcset') })),
    img: Object.fromEntries(
      ['src', 'srcset', 'alt', 'lang', 'loading', 'width', 'height'].map((a) => [a, el.querySelector('img')!.getAttribute(a)]),
    ),
  }));
}

beforeAll(async () => {
  await smtp.start();
  const started = await startServerWithAccounts({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, [
    { email: 'lea@example.org', role: 'leader', groups: ['cooking-together'] },
    { email: 'coord@example.org', role: 'admin' },
  ]);
  server = started.server;
  browser = await launchBrowser();
  leaderContext = await signedIn(await signInByLink(server, smtp, 'lea@example.org'));
  adminContext = await signedIn(await signInByLink(server, smtp, 'coord@example.org'));
  // A 1600 × 1000 PNG with some detail, so the encoders have something to do.
  png = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .composite([{ input: Buffer.from('<svg width="1600" height="1000"><circle cx="800" cy="500" r="400" fill="#0b5c4a"/></svg>') }])
    .png()
    .toBuffer();
});

afterAll(async () => {
  await leaderContext?.close();
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

describe('an event’s picture', () => {
  it('a leader uploads a PNG with its text in Finnish and Arabic', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${server.url}/fi/manage/events/new`);
    await page.fill('input[name=title_fi]', 'Kuvallinen kokkikerho');
    await page.fill('input[name=pictureAlt_fi]', 'Oranssi kattila liedellä');
    await page.locator('details.translation[data-lang=ar] > summary').click();
    await page.fill('input[name=pictureAlt_ar]', 'قدر برتقالي على الموقد');
    await page.fill('#ef-date', day);
    await page.fill('#ef-start', '17:00');
    await page.fill('#ef-end', '19:00');
    await page.setInputFiles('#ef-picture', { name: 'kattila.png', mimeType: 'image/png', buffer: png });
    await Promise.all([
      page.waitForURL(/\/fi\/manage\/events\/[0-9a-f-]{36}(\?saved=edited)?(#result)?$/),
      page.locator('form.event-form button.button[type=submit]:not([value])').click(),
    ]);
    eventId = page.url().split('/').at(-1)!;
    slug = (await (await fetch(`${server.url}/api/v1/events/${eventId}`)).json()).slug;
    expect(slug).toMatch(/kuvallinen/);
    await page.close();
  });

  it('the event page serves <picture> with AVIF and WebP at two widths, alt text in the visitor’s language', async () => {
    const anonymous = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await anonymous.newPage();
    await page.goto(`${server.url}/ar/events/${slug}`);
    const ar = await pictureOf(page);
    expect(ar.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    expect(ar.img).toMatchObject({ alt: 'قدر برتقالي على الموقد', lang: null, loading: 'lazy', width: '960', height: '600' });
    await page.goto(`${server.url}/fi/events/${slug}`);
    expect((await pictureOf(page)).img.alt).toBe('Oranssi kattila liedellä');
    // Somali has none of its own: another language's, marked as such.
    await page.goto(`${server.url}/so/events/${slug}`);
    const so = (await pictureOf(page)).img;
    expect(so.alt).not.toBe('');
    expect(so.lang).not.toBeNull();

    const files = [...ar.sources.flatMap((s) => s.srcset!.split(', ')), ...ar.img.srcset!.split(', ')].map(
      (entry) => entry.split(' ') as [string, string],
    );
    expect(files).toHaveLength(6);
    for (const [url, descriptor] of files) {
      const response = await fetch(server.url + url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      const expected = url.endsWith('.avif') ? 'heif' : url.endsWith('.webp') ? 'webp' : 'jpeg';
      expect(meta.format, url).toBe(expected);
      expect(`${meta.width}w`).toBe(descriptor);
      expect([480, 960]).toContain(meta.width);
      expect(meta.height).toBe((meta.width! * 1000) / 1600);
      expect(response.headers.get('content-type')).toBe(`image/${expected === 'heif' ? 'avif' : expected}`);
    }
    expect(await fetch(`${server.url}/pictures/${eventId}/480.webp`).then((r) => r.status)).toBe(404);

    // The page-weight goal holds: HTML and CSS under 50 KB gzipped; the picture comes later.
    const response = await fetch(`${server.url}/fi/events/${slug}`);
    const body = await response.text();
    const css = [...body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    const styles = await Promise.all(css.map(async (href) => (await fetch(server.url + href)).text()));
    const weight = gzipSync(body).byteLength + styles.reduce((sum, s) => sum + gzipSync(s).byteLength, 0);
    expect(weight).toBeLessThan(50_000);
    await anonymous.close();
  });

  it('a file that is not a picture, or too large a one, is refused in the leader’s language, keeping what was typed', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${server.url}/ar/manage/events/${eventId}/edit`);
    await page.fill('input[name=title_fi]', 'Kuvallinen kokkikerho, uusi nimi');
    await page.setInputFiles('#ef-picture', {
      name: 'kuva.png',
      mimeType: 'image/png',
      buffer: Buffer.from('this is not a picture at all'),
    });
    await page.locator('form.event-form button.button[type=submit]:not([value])').click();
    expect(await page.locator('.error-summary').innerText()).toContain(msg('ar', 'manage.error.pictureNotPicture'));
    expect(await page.inputValue('input[name=title_fi]')).toBe('Kuvallinen kokkikerho, uusi nimi');
    expect(await page.inputValue('input[name=pictureAlt_fi]')).toBe('Oranssi kattila liedellä');

    await page.setInputFiles('#ef-picture', { name: 'iso.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(5 * 1024 * 1024 + 10, 1) });
    await page.locator('form.event-form button.button[type=submit]:not([value])').click();
    expect(await page.locator('.error-summary').innerText()).toContain(msg('ar', 'manage.error.pictureTooLarge'));
    expect(await page.inputValue('input[name=title_fi]')).toBe('Kuvallinen kokkikerho, uusi nimi');

    // A picture without a text for it is refused too.
    await page.fill('input[name=pictureAlt_fi]', '');
    await page.fill('input[name=pictureAlt_ar]', '');
    await page.locator('form.event-form button.button[type=submit]:not([value])').click();
    expect(await page.locator('.error-summary').innerText()).toContain(msg('ar', 'manage.error.pictureAlt'));
    // Nothing of it was saved.
    const api = await (await fetch(`${server.url}/api/v1/events/${eventId}`)).json();
    expect(api.title.fi).toBe('Kuvallinen kokkikerho');
    await page.close();
  });

  it('removing the picture removes its files', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${server.url}/fi/events/${slug}`);
    const src = (await pictureOf(page)).img.src!;
    await page.goto(`${server.url}/fi/manage/events/${eventId}/edit`);
    await page.check('input[name=removePicture]');
    await Promise.all([
      page.waitForURL(/\/fi\/manage\/events\/[0-9a-f-]{36}(\?saved=edited)?(#result)?$/),
      page.locator('form.event-form button.button[type=submit]:not([value])').click(),
    ]);
    await page.goto(`${server.url}/fi/events/${slug}`);
    expect(await page.locator('picture').count()).toBe(0);
    expect((await fetch(server.url + src)).status).toBe(404);
    await page.close();
  });
});

describe('how much a request may send', () => {
  it('a form or the API is held to 256 KB; only the picture forms take more', async () => {
    const big = 'x'.repeat(300 * 1024);
    const login = await fetch(`${server.url}/fi/login`, {
      method: 'POST',
      body: big,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(login.status).toBe(413);
    // In the words of the address's language, not a bare code.
    expect(await login.text()).toBe(translator('fi')('http.tooLarge'));
    const api = await fetch(`${server.url}/api/v1/events`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json' } });
    expect(api.status).toBe(413);
    expect((await api.json()).error).toBe('payload-too-large');
    const upload = await fetch(`${server.url}/fi/manage/events/new`, {
      method: 'POST',
      body: 'x'.repeat(7 * 1024 * 1024),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(upload.status).toBe(413);
    expect(await upload.text()).toBe(translator('fi')('http.tooLarge'));
  });
});

describe('a group’s picture', () => {
  it('the coordinator adds one on the group form; the group page shows it', async () => {
    const page = await adminContext.newPage();
    await page.goto(`${server.url}/fi/manage/admin/groups`);
    await page.locator('tr:has(td:text-is("cooking-together")) a').click();
    await page.setInputFiles('#g-picture', { name: 'ryhma.png', mimeType: 'image/png', buffer: png });
    await page.locator('form.signup-form button[type=submit]').click();
    // The alt text is required with a picture.
    expect(await page.locator('form.signup-form').innerText()).toContain(msg('fi', 'manage.error.pictureAlt'));
    await page.setInputFiles('#g-picture', { name: 'ryhma.png', mimeType: 'image/png', buffer: png });
    await page.fill('input[name=pictureAlt_fi]', 'Ryhmä kokkaa yhdessä');
    await Promise.all([page.waitForURL(/\/groups\?saved=1$/), page.locator('form.signup-form button[type=submit]').click()]);
    await page.goto(`${server.url}/fi/groups/cooking-together`);
    const picture = await pictureOf(page);
    expect(picture.img.alt).toBe('Ryhmä kokkaa yhdessä');
    expect(picture.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    await page.close();
  });
});
