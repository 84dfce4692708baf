import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs } from '#i18n/catalog.ts';
import { translator } from '#i18n/translate.ts';
import { formHeaders, signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { launchBrowser } from '../setup/browser.ts';
import { postJson } from '../setup/http.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The leaders' event form on a phone: one language first, translations added later (decision
// 022); the fallback chain on pages, feeds and the API; an event's own questions; the sign-up window.
const smtp = new TestSmtp();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let leader = '';
let otherLeader = '';
let eventId = '';
let slug = '';

const msg = (lang: keyof typeof catalogs, key: string) => (catalogs[lang].messages as Record<string, string>)[key]!;
const post = (path: string, cookie: string, fields: Record<string, string>) =>
  fetch(server.url + path, { method: 'POST', headers: formHeaders(server, cookie), body: new URLSearchParams(fields), redirect: 'manual' });
const html = async (path: string, cookie = '') => (await fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {} })).text();
/** A day about three weeks ahead, as the date input takes it. */
const day = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

async function noSidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

beforeAll(async () => {
  await smtp.start();
  const started = await startServerWithAccounts({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, [
    { email: 'lea@example.org', role: 'leader', groups: ['cooking-together'] },
    { email: 'omar@example.org', role: 'leader', groups: ['cafe'] },
  ]);
  server = started.server;
  browser = await launchBrowser();
  leader = await signInByLink(server, smtp, 'lea@example.org');
  otherLeader = await signInByLink(server, smtp, 'omar@example.org');
  // No JavaScript: the form must work without it, on a phone-sized screen.
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const [name, value] = leader.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url }]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

describe('the event form on a phone', () => {
  it('creates an event in Arabic only, right to left, without sideways scrolling', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/ar/manage/events/new`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    // One language first: the leader's; the seven others are folded "add a translation" steps.
    expect(await page.locator('select[name=sourceLang]').inputValue()).toBe('ar');
    expect(await page.locator('details.translation').count()).toBe(7);
    expect(await page.locator('details.translation[open]').count()).toBe(0);
    expect(await page.locator('input[name=title_ar]').isVisible()).toBe(true);
    expect(await page.locator('input[name=title_fi]').isVisible()).toBe(false);
    await page.setViewportSize({ width: 320, height: 740 });
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.setViewportSize({ width: 360, height: 740 });

    await page.fill('input[name=title_ar]', 'نادي الطبخ للعائلات');
    await page.fill('#ef-date', day);
    await page.fill('#ef-start', '17:00');
    await page.fill('#ef-end', '19:00');
    await page.check('input[name=mode][value=signup]');
    await page.fill('#ef-capacity', '12');
    await Promise.all([
      page.waitForURL(/\/ar\/manage\/events\/[0-9a-f-]{36}$/),
      page.locator('form.event-form button.button[type=submit]:not([value])').click(),
    ]);
    eventId = page.url().split('/').at(-1)!;
    const api = await (await fetch(`${server.url}/api/v1/events/${eventId}`)).json();
    expect(api.title).toEqual({ ar: 'نادي الطبخ للعائلات' });
    slug = api.slug;
    await page.close();
  });

  it('adds a Finnish translation later; each language page shows its own, Ukrainian falls back per the chain', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/fi/manage/events/${eventId}/edit`);
    // The Finnish leader's form opens in the language the event is written in.
    expect(await page.locator('select[name=sourceLang]').inputValue()).toBe('ar');
    expect(await page.inputValue('input[name=title_ar]')).toBe('نادي الطبخ للعائلات');
    await page.locator('details.translation[data-lang=fi] > summary').click();
    await page.fill('input[name=title_fi]', 'Perheiden kokkikerho');
    await page.fill('input[name=summary_fi]', 'Kokkaamme yhdessä perheruokaa. Mukaan mahtuu lastenvaunuja ja pyörätuolikäyttäjiä.');
    await Promise.all([
      page.waitForURL(new RegExp(`/fi/manage/events/${eventId}\\?saved=edited#result$`)),
      page.locator('form.event-form button.button[type=submit]:not([value])').click(),
    ]);
    await page.close();

    expect(await html(`/fi/events/${slug}`)).toContain('<span class="title-text">Perheiden kokkikerho</span>');
    expect(await html(`/ar/events/${slug}`)).toContain('<span class="title-text">نادي الطبخ للعائلات</span>');
    // Ukrainian: uk, then en, then fi; never Arabic although it exists.
    const uk = await html(`/uk/events/${slug}`);
    expect(uk).toContain('<span class="title-text" lang="fi">Perheiden kokkikerho</span>');
    expect(uk).toContain('class="fallback-note"');
    expect(uk).not.toContain('نادي الطبخ');
    // The same chain in the public feed.
    const feed = await (await fetch(`${server.url}/calendar.ics?lang=uk`)).text();
    expect(feed).toContain('SUMMARY:Perheiden kokkikerho');
    expect(feed).not.toContain('نادي الطبخ');
    expect(await (await fetch(`${server.url}/calendar.ics?lang=ar`)).text()).toContain('SUMMARY:نادي الطبخ للعائلات');
    // The API gives every language there is, keyed by language.
    const api = await (await fetch(`${server.url}/api/v1/events/${eventId}`)).json();
    expect(api.title).toEqual({ ar: 'نادي الطبخ للعائلات', fi: 'Perheiden kokkikerho' });
  });

  it.each(['so', 'ar'])('the "not in your language" note fits a 320 px screen in %s', async (lang) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${server.url}/${lang}/events/${slug}`);
    expect(await page.locator('.fallback-note').first().isVisible()).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.close();
  });

  it('changing the first language keeps every value typed and saves nothing', async () => {
    const response = await post('/fi/manage/events/new', leader, {
      action: 'relang',
      sourceLang: 'so',
      title_so: 'Kulan',
      title_fi: 'Tapaaminen',
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<option value="so" selected');
    expect(page).toMatch(/name="title_so"[^>]*value="Kulan"/);
    expect(page).toMatch(/name="title_fi"[^>]*value="Tapaaminen"/);
  });
});

describe("the event's own questions", () => {
  it('a choice question with translated options, answered, edited: the answer still reads; another group’s leader gets 403', async () => {
    const path = `/fi/manage/events/${eventId}/questions`;
    const made = await post(path, leader, {
      action: 'save',
      kind: 'choice',
      sourceLang: 'fi',
      label_fi: 'Ruokavalio',
      label_ar: 'النظام الغذائي',
      'option-new0_fi': 'Kasvisruoka',
      'option-new0_ar': 'طعام نباتي',
      'option-new1_fi': 'Halal',
      'option-new1_ar': 'حلال',
    });
    expect(made.status).toBe(303);
    const arPage = await html(`/ar/events/${slug}`);
    expect(arPage).toContain('النظام الغذائي');
    expect(arPage).toContain('حلال');
    const questionId = arPage.match(/name="q_([0-9a-f-]{36})"/)?.[1] ?? arPage.match(/name="answers\.([0-9a-f-]{36})"/)?.[1];
    expect(questionId).toBeDefined();
    const manage = await html(`${path}?q=${questionId}`, leader);
    const optionIds = [...manage.matchAll(/name="option" value="([a-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(optionIds).toHaveLength(2);

    const signed = await postJson(`${server.url}/api/v1/events/${eventId}/signups`, {
      name: 'Amina',
      email: 'amina@example.org',
      adults: 1,
      language: 'ar',
      consent: true,
      answers: { [questionId!]: optionIds[1] },
    });
    expect(signed.status).toBe(201);

    const edited = await post(`${path}?q=${questionId}`, leader, {
      action: 'save',
      question: questionId!,
      kind: 'choice',
      label_fi: 'Erityisruokavalio',
      option: optionIds[0]!,
      [`option-${optionIds[0]}_fi`]: 'Kasvisruoka',
      ...{ [`option-${optionIds[1]}_fi`]: 'Halal-ruoka' },
      'option-new0_fi': 'Ei erityistä',
    });
    expect(edited.status).toBe(303);
    const list = await html(`/fi/manage/events/${eventId}`, leader);
    expect(list).toContain('Erityisruokavalio: Halal');

    const refused = await post(path, otherLeader, { action: 'save', kind: 'yesno', label_fi: 'Tuletko?' });
    expect(refused.status).toBe(403);
    expect((await post(path, otherLeader, { action: 'delete', question: questionId! })).status).toBe(403);
    expect((await fetch(server.url + path, { headers: { Cookie: otherLeader } })).status).toBe(403);
  });

  it('a volunteer task of a kind the form does not offer is a localized 422, said at the top and at the field, and stores nothing', async () => {
    const path = `/fi/manage/events/${eventId}/helpers`;
    const tasksOf = (page: string) => page.match(/name="task" value="/g)?.length ?? 0;
    const before = tasksOf(await html(path, leader));
    const bad = await post(path, leader, { action: 'add-task', kind: 'juggler', needed: '2' });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toMatch(/class="error-summary" role="alert"/);
    expect(page).toContain(translator('fi')('helpers.error.kind'));
    expect(tasksOf(await html(path, leader))).toBe(before);
  });

  it('a kind of question the form does not offer is a localized 422 and stores nothing', async () => {
    const path = `/fi/manage/events/${eventId}/questions`;
    const before = await html(path, leader);
    const bad = await post(path, leader, { action: 'save', kind: 'essay', sourceLang: 'fi', label_fi: 'Kirjoita essee' });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('Lomakkeessa on jotain vialla');
    const after = await html(path, leader);
    expect(after).not.toContain('Kirjoita essee');
    expect(after.match(/class="question-item"/g)?.length ?? 0).toBe(before.match(/class="question-item"/g)?.length ?? 0);
  });
});

describe('the sign-up window', () => {
  const save = (fields: Record<string, string>) =>
    post(`/fi/manage/events/${eventId}/edit`, leader, {
      title_ar: 'نادي الطبخ للعائلات',
      title_fi: 'Perheiden kokkikerho',
      category: 'cooking',
      group: 'cooking-together',
      date: day,
      start: '17:00',
      end: '19:00',
      mode: 'signup',
      capacity: '12',
      maxPartySize: '6',
      audience: 'everyone',
      ...fields,
    });
  const signUpApi = () =>
    postJson(`${server.url}/api/v1/events/${eventId}/signups?lang=ar`, {
      name: 'Ali',
      email: `ali${Math.random()}@example.org`,
      adults: 1,
      consent: true,
    });
  const signUpForm = (lang: string) =>
    post(`/${lang}/events/${slug}`, '', {
      name: 'Ali',
      email: 'ali@example.org',
      adults: '1',
      children: '0',
      consent: 'on',
      language: lang,
    });

  it('before it opens: said on the page, a localized error on the form, 409 in the API', async () => {
    const opens = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await save({ signupOpens: `${opens}T09:00`, signupCloses: `${day}T12:00` })).status).toBe(303);
    const page = await html(`/so/events/${slug}`);
    expect(page).toContain(msg('so', 'signup.notOpen').split('{date}')[0]!);
    const form = await signUpForm('so');
    expect(form.status).toBe(409);
    expect(await form.text()).toContain(msg('so', 'signup.notOpen').split('{date}')[0]!);
    const api = await signUpApi();
    const body = await api.json();
    expect([api.status, body.error]).toEqual([409, 'not-open']);
  });

  it('after it closes: the same', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await save({ signupOpens: `${before}T09:00`, signupCloses: `${yesterday}T09:00` })).status).toBe(303);
    const form = await signUpForm('uk');
    expect(form.status).toBe(409);
    expect(await form.text()).toContain(msg('uk', 'signup.closed'));
    const api = await signUpApi();
    const body = await api.json();
    expect([api.status, body.error]).toEqual([409, 'closed']);
    // Closing before opening is refused with the field's own message.
    const bad = await save({ signupOpens: `${day}T09:00`, signupCloses: `${before}T09:00` });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(msg('fi', 'manage.error.signupWindow'));
  });
});
