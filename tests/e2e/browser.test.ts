import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { startServer, type RunningServer } from '../setup/server.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let axeContext: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // Everything in the public programme must work with JavaScript off.
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  // axe-core runs as a script in the page, so the audit gets a context of its own.
  axeContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
});

afterAll(async () => {
  await context?.close();
  await axeContext?.close();
  await browser?.close();
  await server?.stop();
});

/** Serious or critical axe findings for the page's current address. */
async function seriousViolations(visited: Page) {
  const page = await axeContext.newPage();
  await page.goto(visited.url());
  const violations = await axeViolations(page);
  await page.close();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.each([
  { lang: 'fi', dir: 'ltr', cooking: 'Ruoanlaitto', events: 'Tapahtumat' },
  { lang: 'ar', dir: 'rtl', cooking: 'طبخ', events: 'الأنشطة' },
])('in $lang', ({ lang, dir, cooking }) => {
  it('home page: lang, direction, sections, no serious accessibility problem', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/${lang}/`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(dir);
    expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('listing with a filter applied through the form', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/${lang}/events`);
    const before = await page.locator('.event-card').count();
    await page.locator('form[role=search] summary').click();
    await page.selectOption('select#category', { label: cooking });
    await page.locator('form[role=search] button[type=submit]').click();
    await page.waitForURL(/category=cooking/);
    const cards = page.locator('.event-card');
    expect(await cards.count()).toBeGreaterThan(0);
    expect(await cards.count()).toBeLessThan(before);
    for (const href of await cards.locator('h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(new RegExp(`^/${lang}/events/cooking-together-`));
    }
    expect(await page.locator('select#category').inputValue()).toBe('cooking');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('event page reached from the listing', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/${lang}/events?category=excursion`);
    await page.locator('.event-card h3 a').first().click();
    await page.waitForURL(/\/events\/excursion-nuuksio$/);
    expect(await page.getAttribute('html', 'dir')).toBe(dir);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toMatch(/25/); // seats left of 25
    expect(facts).toMatch(/5,00\s*€|€\s*5[.,]00|5[.,]00\s*€|٥٫٠٠/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('layout on a small screen', () => {
  it('has no horizontal scrolling in Arabic or Finnish', async () => {
    const page = await context.newPage();
    for (const path of ['/ar/events', '/fi/events/training-working-life', '/fa/groups']) {
      await page.goto(server.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  it('the language switcher keeps the page and its filters', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/fi/events?mode=dropin`);
    await page.locator('.lang-menu summary').click();
    await page.locator('.lang-menu a[hreflang=fa]').click();
    await page.waitForURL(/\/fa\/events\?mode=dropin$/);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.close();
  });
});

describe('signing up and cancelling with JavaScript off', () => {
  it('a resident signs up from the event page, then cancels from the manage link', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/fi/events?group=cooking-together`);
    await page.locator('.event-card h3 a').first().click();
    const eventUrl = page.url();
    const seatsBefore = await page.locator('dl.facts').innerText();
    expect(seatsBefore).toContain('12 paikkaa jäljellä');

    // Sending an empty form shows every problem, keeps what was typed, and stores nothing.
    await page.fill('#su-name', 'Leila');
    await page.locator('form.signup-form button[type=submit]').click();
    expect(await page.locator('.error-summary').innerText()).toContain('Anna sähköposti tai puhelinnumero.');
    expect(await page.inputValue('#su-name')).toBe('Leila');
    expect(await seriousViolations(page)).toEqual([]);

    await page.fill('#su-email', 'leila@example.org');
    await page.fill('#su-adults', '2');
    await page.check('#su-consent');
    await page.locator('form.signup-form button[type=submit]').click();
    await page.waitForURL(/\/fi\/signup\/[A-Za-z0-9_-]+\?new=1/);
    expect(await page.locator('.done').innerText()).toContain('Sinulla on paikka!');
    expect(await page.locator('dl.facts').innerText()).toContain('Aikuisia: 2');
    const manageUrl = page.url().split('?')[0]!;

    await page.goto(eventUrl);
    expect(await page.locator('dl.facts').innerText()).toContain('10 paikkaa jäljellä');

    await page.goto(manageUrl);
    await page.locator('form:has(input[value=cancel]) button').click();
    expect(await page.locator('.error').first().innerText()).toContain('Rastita ruutu');
    await page.check('input[name=confirm]');
    await page.locator('form:has(input[value=cancel]) button').click();
    await page.waitForURL(/\?cancelled=1$/);
    expect(await page.locator('.done').innerText()).toContain('Ilmoittautumisesi on peruttu');
    expect(await page.locator('dl.facts').innerText()).toContain('Tämä ilmoittautuminen on peruttu.');
    expect(await page.locator('form:has(input[value=cancel])').count()).toBe(0);

    await page.goto(eventUrl);
    expect(await page.locator('dl.facts').innerText()).toContain('12 paikkaa jäljellä');
    await page.close();
  });

  it('the manage page in Arabic is right to left and accessible', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/ar/events?group=cooking-together`);
    await page.locator('.event-card h3 a').first().click();
    await page.fill('#su-name', 'ليلى');
    await page.fill('#su-phone', '040 222 3344');
    await page.check('#su-consent');
    await page.locator('form.signup-form button[type=submit]').click();
    await page.waitForURL(/\/ar\/signup\//);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
