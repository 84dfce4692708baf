import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formHeaders, signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { launchBrowser } from '../setup/browser.ts';
import { eventIdFromPage, postJson, slugsFromListing } from '../setup/http.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmpp } from '../setup/smpp.ts';
import { TestSmtp } from '../setup/smtp.ts';

// Text messages through the whole site: the API and the form with Arabic-Indic and Persian
// digits, the inline worker to a real SMPP server, the short manage link, stopping them, the
// leader's list and the coordinator's switch and cap, and numbers kept left to right in Arabic.
const gateway = new TestSmpp();
const smtp = new TestSmtp();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let slug: string;
let eventId: string;
let leaderCookie: string;
let adminCookie: string;
let arabicToken: string;
let address = 0;
const from = () => ({ 'X-Forwarded-For': `10.9.${++address >> 8}.${address & 255}` });

async function signUpByApi(phone: string, language: string) {
  const response = await postJson(
    `${server.url}/api/v1/events/${eventId}/signups`,
    { name: 'Layla', phone, adults: 1, consent: true, language },
    from(),
  );
  expect(response.status).toBe(201);
  return (await response.json()) as { status: string; manageUrl: string };
}

/** Where a phone number stands on the page: its text, and whether "+" is drawn left of the first digit. */
async function phoneLayout(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const text = el.textContent ?? '';
    const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode()!;
    const range = document.createRange();
    const leftOf = (i: number) => {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect().left;
    };
    return { text, pageDir: document.documentElement.dir, plusFirst: leftOf(0) < leftOf(1) && leftOf(1) < leftOf(2) };
  });
}

const reachOn = async (cookie: string) => {
  const html = await fetch(`${server.url}/ar/manage/events/${eventId}`, { headers: { Cookie: cookie } }).then((r) => r.text());
  return [...html.matchAll(/data-reach="(\w+)"/g)].map((m) => m[1]);
};

beforeAll(async () => {
  await Promise.all([gateway.start(), smtp.start()]);
  ({ server } = await startServerWithAccounts(
    { SMS_URL: gateway.url, SMS_FROM: 'Kototori', SMTP_URL: smtp.url, MAIL_POLL_MS: '100', TRUST_PROXY: 'true' },
    [
      { email: 'lea@example.org', role: 'leader', groups: ['cooking-together'] },
      { email: 'boss@example.org', role: 'admin' },
    ],
  ));
  slug = (await slugsFromListing(server.url, '/en/events?group=cooking-together'))[0]!;
  eventId = await eventIdFromPage(server.url, slug);
  [leaderCookie, adminCookie] = [await signInByLink(server, smtp, 'lea@example.org'), await signInByLink(server, smtp, 'boss@example.org')];
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await gateway.stop();
  await smtp.stop();
});

describe('a phone-only sign-up', () => {
  it('through the API with Arabic-Indic digits: a UCS-2 confirmation once, whose short link opens the Arabic manage page', async () => {
    const created = await signUpByApi('+٣٥٨ ٤٠ ١٢٣ ٤٥٦٧', 'ar');
    expect(created.manageUrl).toMatch(/\/ar\/signup\/[\w-]{27}$/);
    arabicToken = created.manageUrl.split('/').at(-1)!;
    const [sms] = await gateway.waitFor(1);
    expect(sms).toMatchObject({ to: '358401234567', dataCoding: 8 });
    expect(sms!.text).toMatch(/^لديك مكان: /);
    expect(sms!.text.endsWith(`/m/${arabicToken}`)).toBe(true);
    expect(gateway.received.every((r) => r.from === 'Kototori')).toBe(true);
    const short = await fetch(`${server.url}/m/${arabicToken}`, { redirect: 'manual' });
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(`/ar/signup/${arabicToken}`);
    expect(short.headers.get('cache-control')).toBe('private, no-store');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(gateway.messages()).toHaveLength(1);
  });

  it('through the form with Persian digits: the form says a text message will come, and one does', async () => {
    const page = await fetch(`${server.url}/fa/events/${slug}`).then((r) => r.text());
    expect(page).toContain('اگر فقط شماره تلفن بدهید، تأیید و یادآوری‌ها با پیامک می‌آیند.');
    const before = gateway.messages().length;
    const posted = await fetch(`${server.url}/fa/events/${slug}`, {
      method: 'POST',
      headers: { ...formHeaders(server), ...from() },
      body: new URLSearchParams({ name: 'Dari', email: '', phone: '۰۴۰ ۷۶۵ ۴۳۲۱', adults: '1', consent: 'on', language: 'fa' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/fa\/signup\/[\w-]{27}\?new=1$/);
    const all = await gateway.waitFor(before + 1);
    expect(all.at(-1)).toMatchObject({ to: '358407654321', dataCoding: 8 });
    expect(all.at(-1)!.text).toMatch(/^برای شما جا هست: /);
  });

  it('shows its number left to right on the Arabic manage page and the leader’s Arabic list, with a tap-to-call link', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/ar/signup/${arabicToken}`);
    expect(await phoneLayout(page, 'bdi.contact')).toEqual({ text: '+358401234567', pageDir: 'rtl', plusFirst: true });
    expect(await page.locator('dl.facts').innerText()).toContain('تصلك الرسائل عن هذا التسجيل برسائل نصية');
    const [name, value] = leaderCookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    await page.goto(`${server.url}/ar/manage/events/${eventId}`);
    const call = page.locator('a[href="tel:+358401234567"]');
    expect(await call.count()).toBe(1);
    expect(await phoneLayout(page, 'bdi:has(a[href="tel:+358401234567"])')).toEqual({
      text: '+358401234567',
      pageDir: 'rtl',
      plusFirst: true,
    });
    expect(await reachOn(leaderCookie)).toContain('sms');
    await page.close();
  });

  it('stops text messages from the manage page; a leader’s message then goes to no phone and the list says so', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/ar/signup/${arabicToken}`);
    await page.locator('form:has(input[value=sms-off]) button').click();
    await page.waitForURL(/\?sms=stopped$/);
    expect(await page.locator('.done').innerText()).toContain('لن تُرسل رسائل نصية أخرى');
    await page.close();
    const before = gateway.received.length;
    const sent = await fetch(`${server.url}/ar/manage/events/${eventId}`, {
      method: 'POST',
      headers: formHeaders(server, leaderCookie),
      body: new URLSearchParams({
        action: 'message',
        to: 'confirmed',
        text: 'أحضروا مريلة.',
        language: 'ar',
        text_fi: 'Ottakaa esiliina.',
      }),
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toMatch(/saved=message&sent=\d+&texted=[1-9]/);
    // The Persian sign-up (not stopped) has no Persian version: it gets the fallback's (Finnish).
    const all = await gateway.waitFor(gateway.messages().length + 1);
    await new Promise((r) => setTimeout(r, 1_000));
    const fresh = gateway.received.slice(before);
    expect(fresh.some((r) => r.to === '358401234567')).toBe(false);
    expect(all.at(-1)!.to).toBe('358407654321');
    expect(all.at(-1)!.text).toMatch(/\nOttakaa esiliina\.$/);
    expect(await reachOn(leaderCookie)).toContain('stopped');
  });
});

describe("the coordinator's switch and cap", () => {
  it('shows this month’s count; off or at the cap, text messages are skipped and the leader sees none', async () => {
    const admin = await fetch(`${server.url}/ar/manage/admin`, { headers: { Cookie: adminCookie } }).then((r) => r.text());
    const sentSoFar = gateway.messages().length;
    expect(admin).toContain(`أُرسل هذا الشهر: ${sentSoFar}`);
    const save = (fields: Record<string, string>) =>
      fetch(`${server.url}/ar/manage/admin`, {
        method: 'POST',
        headers: formHeaders(server, adminCookie),
        body: new URLSearchParams({ action: 'sms', ...fields }),
        redirect: 'manual',
      });
    expect((await save({ smsMonthlyCap: 'lots' })).status).toBe(422);
    expect((await save({ smsMonthlyCap: '' })).status).toBe(303);
    await signUpByApi('040 111 2222', 'fi');
    const outboxPage = () => fetch(`${server.url}/en/manage/admin/outbox`, { headers: { Cookie: adminCookie } }).then((r) => r.text());
    for (let i = 0; i < 100 && !(await outboxPage()).includes('text messages are turned off for the hub'); i++)
      await new Promise((r) => setTimeout(r, 100));
    // Arabic-Indic digits in the cap field too: the cap is what was sent so far.
    const cap = String(sentSoFar).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
    expect((await save({ smsEnabled: 'yes', smsMonthlyCap: cap })).status).toBe(303);
    await signUpByApi('040 111 3333', 'fi');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(gateway.messages()).toHaveLength(sentSoFar);
    const reach = await reachOn(leaderCookie);
    expect(reach.filter((r) => r === 'off')).toHaveLength(2);
    const shown = await fetch(`${server.url}/ar/manage/admin`, { headers: { Cookie: adminCookie } }).then((r) => r.text());
    expect(shown).toContain(`أُرسل هذا الشهر: ${sentSoFar} من ${sentSoFar}`);
    const outbox = await outboxPage();
    expect(outbox).toContain('text messages are turned off for the hub');
    expect(outbox).toContain('monthly text message cap reached');
  });
});

describe('a phone-only helper at a hub with text messages off (decision 031)', () => {
  it('is told on the form that a leader will call and an email brings the link; the leader sees they get nothing', async () => {
    const save = (fields: Record<string, string>) =>
      fetch(`${server.url}/ar/manage/admin`, {
        method: 'POST',
        headers: formHeaders(server, adminCookie),
        body: new URLSearchParams({ action: 'sms', smsMonthlyCap: '', ...fields }),
        redirect: 'manual',
      });
    const helpersPage = `${server.url}/ar/manage/events/${eventId}/helpers`;
    const added = await fetch(helpersPage, {
      method: 'POST',
      headers: formHeaders(server, leaderCookie),
      body: new URLSearchParams({ action: 'add-task', kind: 'cook', needed: '2' }),
      redirect: 'manual',
    });
    expect(added.status).toBe(303);
    const smsOffHint = 'لا نرسل رسائل نصية هنا.';
    const helpPage = `${server.url}/ar/events/${slug}/help`;
    expect(await fetch(helpPage).then((r) => r.text())).not.toContain(smsOffHint);

    expect((await save({})).status).toBe(303);
    try {
      const form = await fetch(helpPage).then((r) => r.text());
      expect(form).toContain(smsOffHint);
      const task = form.match(/name="task" value="([0-9a-f-]{36})"/)![1]!;
      const offered = await fetch(helpPage, {
        method: 'POST',
        headers: { ...formHeaders(server), ...from() },
        body: new URLSearchParams({ task, name: 'Layla', phone: '040 555 6677', consent: 'on' }),
        redirect: 'manual',
      });
      expect(offered.status).toBe(303);
      const answer = await fetch(new URL(offered.headers.get('location')!, server.url)).then((r) => r.text());
      expect(answer).toContain('إذا كتبت رقم هاتف فقط، سيتصل بك المسؤول');
      let shown = '';
      for (let i = 0; i < 50 && !shown.includes('data-reach="off"'); i++) {
        shown = await fetch(helpersPage, { headers: { Cookie: leaderCookie } }).then((r) => r.text());
        if (!shown.includes('data-reach="off"')) await new Promise((r) => setTimeout(r, 100));
      }
      expect(shown).toContain('data-reach="off"');
      expect(shown).toContain('اتصل به: لا تصله رسائل ولا رابط لساعاته.');
    } finally {
      expect((await save({ smsEnabled: 'yes' })).status).toBe(303);
    }
  });
});
