import { readFileSync } from 'node:fs';
import { and, asc, eq, gt, like } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '#db/schema/events.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { translator } from '#i18n/translate.ts';
import { startPreparedServer } from '../setup/accounts.ts';
import { launchBrowser } from '../setup/browser.ts';
import type { RunningServer } from '../setup/server.ts';
import { signupInput } from '../setup/fixtures.ts';
import { TestSmtp } from '../setup/smtp.ts';

// Every flow with JavaScript off and the keyboard alone (issue 15): Tab moves, Space ticks,
// Enter follows a link or sends a form. Nothing is clicked; what has focus is read from the page.
const t = translator('en');
const LEADER = 'keys-leader@example.org';
const smtp = new TestSmtp();
let server: RunningServer;
let browser: Browser;
let visitor: BrowserContext;
let leader: BrowserContext;
const ids = { cooking: '', cafe: '', signup: '' };
/** The event the "find" flow opened, where the sign-up flow signs up. */
let eventPath = '';
/** The manage page of that sign-up. */
let managePath = '';

interface Focused {
  tag: string;
  id: string;
  name: string;
  type: string;
  href: string;
  text: string;
  value: string;
  checked: boolean;
}

/** What has focus now, from `document.activeElement`. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      name: el?.getAttribute('name') ?? '',
      type: el?.getAttribute('type') ?? '',
      href: el?.getAttribute('href') ?? '',
      // A list box reads as its chosen option, not all of them.
      text: (
        el?.getAttribute('aria-label') ??
        (el instanceof HTMLSelectElement ? el.selectedOptions[0]?.textContent : el?.textContent) ??
        ''
      )
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 60),
      value: el && 'value' in el ? String(el.value) : '',
      checked: Boolean(el?.checked),
    };
  });

const describeFocus = (f: Focused) =>
  `${f.tag}${f.id ? `#${f.id}` : ''}${f.name ? `[name=${f.name}]` : ''}${f.href ? `[href=${f.href}]` : ''} "${f.text}"`;

/** Presses Tab until the focused element matches; fails with every element it passed. */
async function tabTo(page: Page, predicate: (f: Focused) => boolean, max = 80): Promise<{ at: Focused; passed: Focused[] }> {
  const passed: Focused[] = [];
  for (let n = 0; n < max; n++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    if (predicate(at)) return { at, passed };
    passed.push(at);
  }
  throw new Error(`no match within ${max} Tabs; passed:\n${passed.map(describeFocus).join('\n')}`);
}

/** Presses a key and waits for the page it leads to (a link followed or a form sent). */
async function pressAndLoad(page: Page, key = 'Enter') {
  const loaded = page.waitForEvent('load');
  await page.keyboard.press(key);
  await loaded;
}

beforeAll(async () => {
  await smtp.start();
  // The demo week, a leader of the cooking group and the café, and one person already signed up
  // for the next cooking evening (the attendee list needs someone on it).
  [{ server }, browser] = await Promise.all([
    startPreparedServer({
      env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' },
      accounts: [{ email: LEADER, role: 'leader', groups: ['cooking-together', 'cafe'] }],
      prepare: async (db) => {
        const next = (prefix: string) =>
          db
            .select({ id: events.id })
            .from(events)
            .where(
              and(like(events.slug, `${prefix}-%`), gt(events.startsAt, new Date(Date.now() + 86_400_000)), eq(events.status, 'scheduled')),
            )
            .orderBy(asc(events.startsAt))
            .limit(1);
        ids.cooking = (await next('cooking-together'))[0]!.id;
        ids.cafe = (await next('cafe'))[0]!.id;
        const outcome = await createSignup(
          db,
          ids.cooking,
          signupInput({ name: 'Sami Signed', email: 'sami.signed@example.org', language: 'en' }),
        );
        if (outcome.kind !== 'confirmed') throw new Error(`could not sign up: ${outcome.kind}`);
        ids.signup = outcome.signupId;
      },
    }),
    launchBrowser(),
  ]);
  visitor = await browser.newContext({ javaScriptEnabled: false });
  leader = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
});

afterAll(async () => {
  await visitor?.close();
  await leader?.close();
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

describe('a visitor, by keyboard alone with JavaScript off', () => {
  it('finds: opens the filters, chooses a topic, sends the form and follows an event link with Enter', async () => {
    const page = await visitor.newPage();
    await page.goto(`${server.url}/en/events`);
    // The filters are folded in a <details>: Enter on its summary opens it.
    const summary = await tabTo(page, (f) => f.tag === 'summary' && f.text === t('events.filters'));
    // The skip link comes first.
    expect(summary.passed[0]?.href).toBe('#main');
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.id === 'category', 5);
    await page.keyboard.type('Cooking');
    expect((await focused(page)).value).toBe('cooking');
    // Past the other filters (seven selects, two dates of four stops each): no more than that.
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('events.apply'), 20);
    await pressAndLoad(page);
    expect(new URL(page.url()).searchParams.get('category')).toBe('cooking');
    // Every card now is a cooking session; the first one still open for sign-up is the one to open.
    const target = await page.locator('.event-card:has(.card-action) .card-link').first().getAttribute('href');
    expect(target).toMatch(/^\/en\/events\/cooking-together-/);
    const link = await tabTo(page, (f) => f.tag === 'a' && f.href === target);
    expect(link.passed.filter((f) => f.href.startsWith('/en/events/') && !f.href.startsWith('/en/events/cooking'))).toEqual([]);
    await pressAndLoad(page);
    expect(new URL(page.url()).pathname).toBe(target);
    eventPath = target!;
    await page.close();
  });

  it('signs up: types the form, ticks consent with Space, sends it with Enter; the manage page opens', async () => {
    expect(eventPath).not.toBe('');
    const page = await visitor.newPage();
    await page.goto(server.url + eventPath);
    const name = await tabTo(page, (f) => f.id === 'su-name');
    await page.keyboard.type('Kira Keys');
    await tabTo(page, (f) => f.id === 'su-email', 3);
    await page.keyboard.type('kira.keys@example.org');
    const consent = await tabTo(page, (f) => f.id === 'su-consent', 20);
    expect(consent.at.checked).toBe(false);
    await page.keyboard.press('Space');
    expect((await focused(page)).checked).toBe(true);
    // The trap for robots is never in the way of a person.
    expect([...name.passed, ...consent.passed].map((f) => f.id)).not.toContain('su-website');
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('signup.submit'), 5);
    await pressAndLoad(page);
    const url = new URL(page.url());
    expect(url.pathname).toMatch(/^\/en\/signup\/[A-Za-z0-9_-]+$/);
    expect(url.searchParams.get('new')).toBe('1');
    expect(await page.locator('p.done').innerText()).toBe(t('signup.done.confirmed'));
    managePath = url.pathname;
    await page.close();
  });

  it('changes the party size with the arrow key and saves with Enter', async () => {
    expect(managePath).not.toBe('');
    const page = await visitor.newPage();
    await page.goto(server.url + managePath);
    const adults = await tabTo(page, (f) => f.id === 'm-adults');
    expect(adults.at.value).toBe('1');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).value).toBe('2');
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('signup.manage.save'), 10);
    await pressAndLoad(page);
    expect(new URL(page.url()).searchParams.get('saved')).toBe('1');
    expect(await page.locator('p.done').innerText()).toBe(t('signup.manage.saved'));
    expect(await page.locator('.facts').innerText()).toContain(t('signup.manage.partyValue', { adults: 2, children: 0 }));
    await page.close();
  });

  it('cancels: ticks the confirmation with Space and sends it with Enter', async () => {
    expect(managePath).not.toBe('');
    const page = await visitor.newPage();
    await page.goto(server.url + managePath);
    const confirm = await tabTo(page, (f) => f.id === 'm-cancel-confirm');
    expect(confirm.at.checked).toBe(false);
    await page.keyboard.press('Space');
    expect((await focused(page)).checked).toBe(true);
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('signup.manage.cancelButton'), 3);
    await pressAndLoad(page);
    expect(new URL(page.url()).searchParams.get('cancelled')).toBe('1');
    expect(await page.locator('p.done').innerText()).toBe(t('signup.manage.cancelledNow'));
    expect(await page.locator('.facts').innerText()).toContain(t('signup.manage.cancelled'));
    await page.close();
  });
});

describe('a group leader, by keyboard alone with JavaScript off', () => {
  it('signs in: types the email, sends with Enter, opens the emailed link and presses its button', async () => {
    const page = await leader.newPage();
    await page.goto(`${server.url}/en/login`);
    await tabTo(page, (f) => f.id === 'login-email');
    await page.keyboard.type(LEADER);
    const before = smtp.received.length;
    // Enter in the email field sends the form.
    await pressAndLoad(page);
    expect(await page.locator('p.done').innerText()).toBe(t('login.linkSent'));
    const mine = () => smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === LEADER);
    for (let n = before + 1; !mine(); n++) await smtp.waitFor(n);
    const link = new URL(mine()!.mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0]);
    // Following the link in the mail is not a keyboard action on the site.
    await page.goto(server.url + link.pathname);
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('mail.login.button'));
    await pressAndLoad(page);
    expect(new URL(page.url()).pathname).toBe('/en/manage');
    await page.close();
  });

  it('marks attendance: ticks a person with Space and saves with Enter', async () => {
    const page = await leader.newPage();
    const listPath = `/en/manage/events/${ids.cooking}`;
    await page.goto(server.url + listPath);
    expect(new URL(page.url()).pathname).toBe(listPath);
    const box = await tabTo(page, (f) => f.name === 'came' && f.value === ids.signup);
    expect(box.at.checked).toBe(false);
    await page.keyboard.press('Space');
    expect((await focused(page)).checked).toBe(true);
    await tabTo(page, (f) => f.tag === 'button' && f.text === t('manage.list.saveAttendance'), 10);
    await pressAndLoad(page);
    expect(new URL(page.url()).searchParams.get('saved')).toBe('attendance');
    expect(await page.locator('#result').innerText()).toContain(t('manage.list.attendanceSaved'));
    expect(await page.locator(`input[name=came][value="${ids.signup}"]`).isChecked()).toBe(true);
    await page.close();
  });

  it('counts heads at a drop-in session: +1 with Enter twice shows 2', async () => {
    const page = await leader.newPage();
    const countPath = `/en/manage/events/${ids.cafe}/count`;
    await page.goto(server.url + countPath);
    const plus = t('count.plus', { group: t('count.visitors') });
    for (const count of [1, 2]) {
      // After a tap the page opens at the group just counted: its buttons are the next Tabs.
      await tabTo(page, (f) => f.tag === 'button' && f.text === plus, count === 1 ? 80 : 2);
      await pressAndLoad(page);
      expect(await page.locator('[data-count-n=""]').innerText()).toBe(String(count));
    }
    expect(await page.locator('[data-count-status]').innerText()).toBe(
      t('count.saved', { group: t('count.visitors'), count: 2, total: 2 }),
    );
    await page.close();
  });

  it('exports: Enter on the CSV link downloads the attendee list with its header row', async () => {
    const page = await leader.newPage();
    const listPath = `/en/manage/events/${ids.cooking}`;
    await page.goto(server.url + listPath);
    await tabTo(page, (f) => f.tag === 'a' && f.href === `${listPath}/attendees.csv` && f.text === t('manage.list.export'));
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^cooking-together-.*-attendees\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header!.startsWith('"name","email","phone","status"')).toBe(true);
    expect(header).toContain('"attended"');
    // The person signed up beforehand, marked as come above; the keyboard sign-up, cancelled.
    expect(rows.find((r) => r.startsWith('"Sami Signed"'))).toContain('"yes"');
    await page.close();
  });
});
