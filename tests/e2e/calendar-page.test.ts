import { gzipSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { startServer, type RunningServer } from '../setup/server.ts';

let server: RunningServer;
let browser: Browser;
// PUBLIC_URL is unset in the tests: addresses are built on http://localhost:PORT.
const publicBase = () => `http://localhost:${new URL(server.url).port}`;
const local = (address: string) => address.replace(publicBase(), server.url);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
const byId = (html: string, id: string) => decode(html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1] ?? '');
// What the form sends when only some fields are chosen: the empty ones come along too.
const form = (chosen: Record<string, string>) =>
  new URLSearchParams({
    q: '',
    category: '',
    spoken: '',
    audience: '',
    place: '',
    group: '',
    mode: '',
    from: '',
    to: '',
    lang: 'fi',
    limit: '5',
    ...chosen,
  });

describe('/{lang}/calendar', () => {
  it.each([
    ['fi', 'ltr', 'Tapahtumat omaan kalenteriin'],
    ['ar', 'rtl', 'الأنشطة في تقويمك'],
  ])('renders in %s (%s)', async (lang, dir, heading) => {
    const response = await fetch(`${server.url}/${lang}/calendar`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<html lang="${lang}" dir="${dir}">`);
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain(`action="/${lang}/calendar"`);
    expect(html).toContain('<select id="feed-lang" name="lang">');
    // Before the form is sent there is nothing to subscribe to yet.
    expect(html).not.toContain('id="feed-url"');
    expect(html).not.toMatch(/<script|style="/);
  });

  it('builds the feed, webcal, API and embed addresses from the chosen filters', async () => {
    const html = await (
      await fetch(`${server.url}/ar/calendar?${form({ category: 'cooking', spoken: 'ar', mode: 'signup', lang: 'so', limit: '3' })}`)
    ).text();
    expect(html).toContain('dir="rtl"');
    const feed = new URL(byId(html, 'feed-url'));
    expect(`${feed.origin}${feed.pathname}`).toBe(`${publicBase()}/calendar.ics`);
    expect([...feed.searchParams]).toEqual([
      ['category', 'cooking'],
      ['spoken', 'ar'],
      ['mode', 'signup'],
      ['lang', 'so'],
    ]);
    expect(decode(html)).toContain(`href="webcal://localhost:${feed.port}/calendar.ics?category=cooking&spoken=ar&mode=signup&lang=so"`);

    const api = byId(html, 'api-url');
    expect(api).toBe(`${publicBase()}/api/v1/events?category=cooking&spoken=ar&mode=signup`);
    const events = (await (await fetch(local(api))).json()).events as { category: string; mode: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.category === 'cooking' && e.mode === 'signup')).toBe(true);

    const snippet = byId(html, 'embed-snippet');
    expect(snippet).toMatch(/^<iframe src="[^"]+" title="Hawlaha soo socda" width="100%" height="\d+" loading="lazy"><\/iframe>$/);
    expect(snippet).toContain(`src="${publicBase()}/so/embed?category=cooking&amp;spoken=ar&amp;mode=signup&amp;limit=3"`);
    // The form shows what was chosen.
    expect(html).toMatch(/<option value="so" lang="so" selected>/);
    expect(html).toMatch(/<input id="embed-count" name="limit" type="number" min="1" max="20" value="3"/);
  });

  it('shows the QR code of the feed address as inline SVG with a text alternative', async () => {
    const html = await (await fetch(`${server.url}/fi/calendar?${form({ group: 'cafe' })}`)).text();
    const svg = html.match(
      /<svg role="img" aria-labelledby="qr-title" class="qr"[^>]*viewBox="0 0 (\d+) \1"[^>]*><title id="qr-title">([^<]+)<\/title>[\s\S]*?<\/svg>/,
    );
    expect(svg?.[2]).toBe('Kalenteriosoitteen QR-koodi');
    // A QR code for an address of this length is version 4 or more (33+ modules plus the margin).
    expect(Number(svg![1])).toBeGreaterThanOrEqual(37);
    expect(svg![0]).toMatch(/<path [^>]*d="M[^"]{200,}"/);
    expect(svg![0]).not.toContain('style=');
  });

  it('notes what it did not understand and still builds an address', async () => {
    const response = await fetch(`${server.url}/en/calendar?${form({ category: 'NOT A SLUG', lang: 'xx', limit: '500' })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(
      /class="note" role="status">Some filters were not understood[^<]*Topic[^<]*Events shown on your website[^<]*Language of the calendar/,
    );
    expect(byId(html, 'feed-url')).toBe(`${publicBase()}/calendar.ics?lang=en`);
    expect(byId(html, 'embed-snippet')).toContain(`src="${publicBase()}/en/embed"`);
  });
});

describe('the embeddable listing', () => {
  it('shows the next events of the filter in the chosen language, linking out in a new tab', async () => {
    const response = await fetch(`${server.url}/ar/embed?group=cooking-together&limit=2`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>الأنشطة القادمة</h1>');
    const links = [...html.matchAll(/<a href="([^"]+)" target="_blank" rel="noopener">/g)].map((m) => m[1]);
    expect(links.slice(0, -1)).toHaveLength(2);
    for (const href of links.slice(0, -1)) expect(href).toMatch(/^\/ar\/events\/cooking-together-\d{4}-\d\d-\d\d$/);
    expect(links.at(-1)).toBe('/ar/events?group=cooking-together');
    expect(html).not.toMatch(/<script|style="|<a (?![^>]*target="_blank")/);
    expect(await (await fetch(`${server.url}/fi/embed?category=no-such&q=zzzz`)).text()).toContain('Tulevia tapahtumia ei ole juuri nyt.');
  });

  it('is the only response that may be framed', async () => {
    const framed = await fetch(`${server.url}/fi/embed`);
    expect(framed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(framed.headers.get('x-frame-options')).toBeNull();
    for (const path of [
      '/fi/calendar',
      '/fi/events',
      '/fi/',
      '/api/v1/events',
      '/api/v1/openapi.json',
      '/healthz',
      '/xx/embed',
      '/fi/embed/more',
      '/embed',
    ]) {
      const response = await fetch(server.url + path, { redirect: 'manual' });
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('snippet, page and stylesheet weigh under 5 kB gzipped', async () => {
    const builder = await (await fetch(`${server.url}/fi/calendar?${form({})}`)).text();
    const snippet = byId(builder, 'embed-snippet');
    const page = await (await fetch(local(snippet.match(/src="([^"]+)"/)![1]!.replace(/&amp;/g, '&')))).text();
    const css = page.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
    expect(css).toBeDefined();
    const stylesheet = await (await fetch(server.url + css)).text();
    expect([...page.matchAll(/<li[ >]/g)]).toHaveLength(5);
    const bytes = [snippet, page, stylesheet].reduce((sum, text) => sum + gzipSync(text).byteLength, 0);
    expect(bytes).toBeLessThan(5 * 1024);
  });
});

describe('in Chromium', () => {
  it.each(['fi', 'ar'])('the builder works without JavaScript and has no serious accessibility problem (%s)', async (lang) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/${lang}/calendar`);
    await page.selectOption('select#category', 'excursion');
    await page.selectOption('select#feed-lang', 'uk');
    await page.locator('form[role=search] button[type=submit]').click();
    await page.waitForURL(/lang=uk/);
    const feed = await page.locator('#feed-url').innerText();
    expect(feed).toBe(`${publicBase()}/calendar.ics?category=excursion&lang=uk`);
    // The QR code as the browser draws it reads back as the feed address.
    const png = PNG.sync.read(await page.locator('svg.qr').screenshot());
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(feed);
    // The preview frame loads (the embed page allows framing; this page's CSP allows its own frames).
    const frame = page.frameLocator('iframe.embed-preview');
    expect(await frame.locator('h1').innerText()).toBe('Найближчі події');
    // Nothing on the page (the inline SVG, the frame, the stylesheets) was refused by the CSP.
    expect(refused).toEqual([]);
    await context.close();

    const axeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    for (const path of [new URL(page.url()).pathname + new URL(page.url()).search, `/${lang}/embed?category=excursion`]) {
      const audited = await axeContext.newPage();
      await audited.goto(server.url + path);
      const violations = await axeViolations(audited);
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, path).toEqual([]);
      await audited.close();
    }
    await axeContext.close();
  });
});
