import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiLanguages } from '#i18n/languages.ts';
import { runServerUntilExit, startServer, type RunningServer } from '../setup/server.ts';

let server: RunningServer;
const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

beforeAll(async () => {
  // The first start itself is under test here: no prepared database.
  server = await startServer({}, undefined, { fresh: true });
});

afterAll(async () => {
  await server?.stop();
});

describe('the built server on an empty data directory (as npm start runs it)', () => {
  it('migrates, loads the demo week and serves the home page', async () => {
    expect(server.output()).toMatch(/"outcome":"seeded","demo":true/);
    const response = await get('/fi/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="fi" dir="ltr">');
    expect(html).toContain('Mitä tänään tapahtuu?');
    expect(html).toContain('Kototorin kahvila');
  });

  it('keeps a cancelled session visible, marked cancelled', async () => {
    const listing = await (await get('/en/events?group=womens-swimming&from=2020-01-01')).text();
    const slug = listing.match(/class="event-card is-cancelled"[\s\S]*?href="\/en\/events\/(womens-swimming-[\d-]+)"/)?.[1];
    expect(slug).toBeDefined();
    const page = await (await get(`/en/events/${slug}`)).text();
    expect(page).toContain('This event has been cancelled.');
    expect(page).not.toContain('places left');
  });

  it('redirects / by Accept-Language, Finnish by default', async () => {
    expect((await get('/')).headers.get('location')).toBe('/fi/');
    const arabic = await get('/', { 'Accept-Language': 'ar-IQ,ar;q=0.9' });
    expect(arabic.status).toBe(302);
    expect(arabic.headers.get('location')).toBe('/ar/');
    // The language chosen on the site (a cookie) counts before the browser's (decision 028).
    expect(arabic.headers.get('vary')).toBe('Accept-Language, Cookie');
  });

  it.each(uiLanguages)('serves every page in %s with the right lang and dir', async (lang) => {
    const dir = lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr';
    for (const path of ['/', '/events', '/groups', '/groups/cafe', '/places/kototori', '/events/excursion-nuuksio']) {
      const response = await get(`/${lang}${path}`);
      expect(response.status, `${lang}${path}`).toBe(200);
      expect(await response.text()).toContain(`<html lang="${lang}" dir="${dir}">`);
    }
  });

  it('sends the security headers on pages and on static files', async () => {
    const page = await get('/fi/events');
    const css = (await page.text()).match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    for (const response of [page, await get(css!), await get('/favicon.svg')]) {
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends no script and no inline style', async () => {
    const html = await (await get('/fi/events')).text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/ style="/i);
  });

  it('answers 304 to a matching ETag and a new body for another page', async () => {
    const first = await get('/en/events?mode=dropin');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toContain('public');
    const again = await get('/en/events?mode=dropin', { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get('/en/events?mode=signup', { 'If-None-Match': etag! });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it.each([
    ['/xx/events', 'ar', 'الصفحة'],
    ['/fi/events/no-such-event', 'fi', 'Sivua ei löytynyt'],
    ['/sv/groups/no-such-group', 'sv', '<html lang="sv"'],
    ['/en/places/nowhere', 'en', 'Page not found'],
    ['/fi/no-such-page', 'fi', 'Sivua ei löytynyt'],
  ])('gives %s a localized 404', async (path, acceptLanguage, text) => {
    const response = await get(path, { 'Accept-Language': acceptLanguage });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(text);
    expect(html).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
  });

  it('refuses a path that is not valid percent-encoding with 400, not 500', async () => {
    const response = await get('/fi/events/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('ignores malformed filters with a visible note and escapes what was typed', async () => {
    const response = await get(
      '/en/events?category=%3Cscript%3Ealert(1)%3C/script%3E&page=abc&from=2027-02-31&q=%22%3E%3Cscript%3Ealert(2)%3C/script%3E',
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Some filters were not understood and were left out: Topic, From and Pages.');
    expect(html).not.toContain('<script>alert(1)');
    // The search stays inside its attribute: the quote that would end it is escaped.
    expect(html).not.toContain('"><script>');
    expect(html).toMatch(/id="q" name="q" type="search" value="(&quot;|&#34;)/);
  });

  it('shows the demo events that need helpers on their cards, and finds them by task and by interpreted language', async () => {
    const cards = (html: string) => [...html.matchAll(/href="\/[a-z]{2}\/events\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    const help = await (await get('/en/events?help=1')).text();
    expect(cards(help)).toEqual(expect.arrayContaining(['neighbourhood-festival', 'training-working-life', 'excursion-nuuksio']));
    expect(help.match(/class="helpers-wanted"/g)?.length).toBe(cards(help).length);
    expect(help).toContain('Helpers needed');
    expect(cards(await (await get('/en/events?help=driver')).text())).toEqual(['excursion-nuuksio']);
    const arabic = await (await get('/ar/events?interprets=ar')).text();
    expect(cards(arabic)).toEqual(['neighbourhood-festival']);
    // The choice offers exactly the languages still needed, named in the page's language.
    expect(arabic).toMatch(/<select id="interprets" name="interprets">[\s\S]*?<option value="ar" selected>العربية<\/option>/);
    expect([...arabic.matchAll(/<option value="([a-z]{2,3})"[^>]*>/g)].length).toBeGreaterThan(0);
    const plain = await (await get('/en/events?group=womens-swimming')).text();
    expect(plain).not.toContain('class="helpers-wanted"');
  });

  it('cuts an over-long search and says so', async () => {
    const response = await get(`/fi/events?q=${'kahvi'.repeat(2000)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Hakusana oli liian pitkä');
  });

  it('answers /healthz when the database answers', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('logs one JSON line per request, without query strings', async () => {
    await get('/fi/events?q=secret-search-words');
    await new Promise((r) => setTimeout(r, 200));
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'));
    expect(lines.length).toBeGreaterThan(5);
    const last = JSON.parse(lines.at(-1)!);
    expect(last).toMatchObject({ method: 'GET', path: '/fi/events', status: 200 });
    expect(last.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.output()).not.toContain('secret-search-words');
  });

  it('keeps its data over a restart and does not seed twice', async () => {
    const before = await (await get('/fi/events?mode=signup')).text();
    await server.stop({ keepData: true });
    server = await startServer({}, server.storage);
    expect(server.output()).toContain('"outcome":"not-empty"');
    expect(await (await get('/fi/events?mode=signup')).text()).toBe(before);
  });
});

describe('start-up refuses bad configuration with one clear line', () => {
  it.each([
    [{ PORT: 'http' }, /^Invalid configuration: PORT .*\n$/],
    [{ DATABASE_URL: 'mysql://localhost/tori' }, /^Invalid configuration: DATABASE_URL .*\n$/],
    [{ DATABASE_URL: 'postgres://nobody@127.0.0.1:9/tori' }, /^Cannot prepare the database \(postgres\): .*\n$/],
    [
      { DKIM_DOMAIN: 'example.fi', DKIM_SELECTOR: 'tori', DKIM_PRIVATE_KEY: 'not a key' },
      /^Invalid configuration: DKIM_PRIVATE_KEY is not a readable PEM private key\n$/,
    ],
  ])('%o', async (env, message) => {
    const { code, stderr } = await runServerUntilExit(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });
});
