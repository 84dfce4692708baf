import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium; the flags keep it from reaching for the network at start-up.
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What axe-core finds on the page as it is now: every rule axe runs by default, in the page and
 * in each of its frames. AxeBuilder's default mode merges the frames' results in a new blank page
 * it opens (and loads axe into) on every run, which cost more than the checks themselves
 * (docs/decisions/033-ci-time.md). Its legacy mode runs `axe.run` in the page, with axe injected
 * into every frame of the same origin; it leaves out frames from other origins, and Tori's pages
 * frame only their own (the calendar page's preview of /embed). Only the violations are read, so
 * the other result kinds carry no node lists across.
 */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations;
}

/**
 * The serious or critical axe findings on what a JavaScript-off page shows now (an answer to a
 * post too): axe is a script, so the page's HTML is served again, as it is, to a page of
 * `auditContext`, a context with JavaScript on.
 */
export async function seriousViolationsOfCopy(visited: Page, auditContext: BrowserContext): Promise<string[]> {
  const html = await visited.content();
  const page = await auditContext.newPage();
  await page.route(visited.url(), (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  await page.goto(visited.url());
  const violations = await axeViolations(page);
  await page.close();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
