import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelperSkill } from '#db/schema/enums.ts';
import { categories } from '#db/schema/categories.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { submitProfileForm } from '#features/helper-profiles/forms.ts';
import { dayLabel, partLabel } from '#features/helper-profiles/labels.ts';
import { addTask } from '#features/helpers/mutations.ts';
import { languageName, phraseComma } from '#i18n/format.ts';
import { translator } from '#i18n/translate.ts';
import { addSignedInUser, startPreparedServer } from '../setup/accounts.ts';
import { launchBrowser, seriousViolationsOfCopy } from '../setup/browser.ts';
import { addActor } from '../setup/fixtures.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

/*
 * Helper profiles end to end with JavaScript off (decision 032), in Arabic and in Finnish: asking
 * for the link (a mistake first), the link by email, the profile form, a leader's search and
 * invitation, the invitation by email, accepting, and the leader seeing the helper confirmed.
 */
const smtp = new TestSmtp();
const env = () => ({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
const SLUG = 'profiles-evening';
const TITLE = { fi: 'Profiilien ilta', en: 'Profiles evening', ar: 'أمسية الملفات' };
type Slot = { day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; part: 'morning' | 'afternoon' | 'evening' };
const HELPERS: Record<
  'ar' | 'fi',
  {
    name: string;
    email: string;
    typo: string;
    languages: string[];
    skills: HelperSkill[];
    free: Slot[];
    /** What the leader searches by, and the task they invite to. */
    search: { language: string; skill: HelperSkill };
  }
> = {
  ar: {
    name: 'ليلى منصور',
    email: 'layla@example.org',
    typo: 'layla@',
    languages: ['ar', 'fi'],
    skills: ['interpreter', 'cook'],
    free: [
      { day: 'tue', part: 'evening' },
      { day: 'sat', part: 'morning' },
    ],
    search: { language: 'ar', skill: 'interpreter' },
  },
  fi: {
    name: 'Eero Öhman',
    email: 'eero@example.org',
    typo: 'eero.example.org',
    languages: ['fi', 'en'],
    skills: ['cook', 'setup'],
    free: [{ day: 'wed', part: 'afternoon' }],
    search: { language: 'en', skill: 'cook' },
  },
};
/** A profile that speaks every searched language but has neither searched skill. */
const OTHER = { name: 'Kuljettaja Kalle', email: 'kalle@example.org' };
const TOKEN = /[A-Za-z0-9_-]+/.source;
let server: RunningServer;
let browser: Browser;
let visitor: BrowserContext;
let leader: BrowserContext;
let axeContext: BrowserContext;
let leaderCookie = '';
let hubName = '';
let eventId = '';
const taskIds: Partial<Record<HelperSkill, string>> = {};

beforeAll(async () => {
  await smtp.start();
  const started = await startPreparedServer({
    env: env(),
    prepare: async (db) => {
      const [hub] = await db.select().from(hubs);
      hubName = hub!.name;
      const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
      const [cooking] = await db.select().from(groups).where(eq(groups.slug, 'cooking-together'));
      const start = Date.now() + 6 * 86_400_000;
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
      eventId = event!.id;
      const admin = await addActor(db, { hubId: hub!.id, email: 'coordinator@example.org', role: 'admin', name: 'Koordinaattori' });
      for (const kind of ['interpreter', 'cook'] as const) {
        const added = await addTask(db, admin, eventId, { kind, language: kind === 'interpreter' ? 'ar' : null, name: {}, needed: 2 });
        if (added.kind !== 'added') throw new Error(added.kind);
        taskIds[kind] = added.taskId;
      }
      // Someone else's profile, saved through the same form function as the page uses.
      const form = new FormData();
      for (const [name, value] of [
        ['action', 'save'],
        ['name', OTHER.name],
        ['consent', 'on'],
        ['languages', 'ar'],
        ['languages', 'fi'],
        ['languages', 'en'],
        ['skills', 'driver'],
      ])
        form.append(name!, value!);
      const saved = await submitProfileForm(db, {
        access: { hubId: hub!.id, email: OTHER.email, phone: null, reach: OTHER.email, language: 'fi' },
        lang: 'fi',
        pagePath: '/fi/helpers/profile/x',
        form,
      });
      if (saved.kind !== 'redirect') throw new Error(saved.kind);
      leaderCookie = (await addSignedInUser(db, { hubId: hub!.id, email: 'cook-leader@example.org', role: 'leader', groupId: cooking!.id }))
        .cookie;
    },
  });
  server = started.server;
  browser = await launchBrowser();
  visitor = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
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

/** The path of the `/{lang}/{path}/{token}` link in a message since `before` to `email` with this subject. */
async function linkFromMail(before: number, email: string, subject: string, path: string): Promise<string> {
  const find = () =>
    smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === email && m.mail.subject === subject);
  for (let n = before + 1; !find(); n++) await smtp.waitFor(n);
  const text = find()!.mail.text!;
  return new URL(text.match(new RegExp(`https?://\\S+/${path}/${TOKEN}`))![0]).pathname;
}

describe.each([{ lang: 'ar' as const }, { lang: 'fi' as const }])('a helper profile in $lang, JavaScript off', ({ lang }) => {
  const t = translator(lang);
  const fi = translator('fi');
  const helper = HELPERS[lang];
  let invitation = '';

  it('asks for the link (a mistake first, nothing lost), gets it by email, fills in and saves the profile', async () => {
    const page = await visitor.newPage();
    await page.goto(`${server.url}/${lang}/helpers/profile`);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(await seriousViolations(page)).toEqual([]);

    // Not an email address: the error in the page's language; what was typed is still there.
    await page.getByLabel(t('signup.email'), { exact: true }).pressSequentially(helper.typo);
    await page.getByRole('button', { name: t('profiles.send') }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain(t('signup.error.emailInvalid'));
    expect(await page.inputValue('#pr-email')).toBe(helper.typo);
    expect(await page.getAttribute('#pr-email', 'aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    const before = smtp.received.length;
    await page.getByLabel(t('signup.email'), { exact: true }).fill('');
    await page.getByLabel(t('signup.email'), { exact: true }).pressSequentially(helper.email);
    await page.getByRole('button', { name: t('profiles.send') }).click();
    await expect.poll(() => page.url()).toContain('sent=1');
    expect(await page.locator('[role=status]').first().textContent()).toContain(t('profiles.sent'));
    // The link is never on the page: only in the message to the address given.
    expect(await page.content()).not.toMatch(/\/helpers\/profile\/[A-Za-z0-9_-]{20,}/);
    expect(await seriousViolations(page)).toEqual([]);
    const link = await linkFromMail(before, helper.email, t('mail.profileLink.subject', { hub: hubName }), 'helpers/profile');
    expect(link).toMatch(new RegExp(`^/${lang}/helpers/profile/`));

    await page.goto(server.url + link);
    expect(await page.locator('main').textContent()).toContain(helper.email);
    expect(await page.isChecked('#pf-consent')).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(t('signup.name')).pressSequentially(helper.name);
    const languages = page.getByRole('group', { name: t('helpers.spoken') });
    for (const code of helper.languages) await languages.getByRole('checkbox', { name: languageName(code, lang), exact: true }).check();
    const skills = page.getByRole('group', { name: t('profiles.skills') });
    for (const skill of helper.skills) await skills.getByRole('checkbox', { name: t(`helpers.kind.${skill}`), exact: true }).check();
    for (const { day, part } of helper.free)
      await page
        .getByRole('group', { name: dayLabel(day, lang), exact: true })
        .getByRole('checkbox', { name: partLabel(part, lang), exact: true })
        .check();
    await page.getByRole('checkbox', { name: t('profiles.consent', { hub: hubName }) }).check();
    await page.getByRole('button', { name: t('profiles.save') }).click();
    await expect.poll(() => page.url()).toContain('saved=1');
    expect(await page.locator('[role=status]').first().textContent()).toContain(t('profiles.saved'));
    // Saved as typed and ticked: the form shows it back.
    expect(await page.inputValue('#pf-name')).toBe(helper.name);
    const ticked = (name: string) =>
      page.locator(`input[name=${name}]:checked`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect((await ticked('languages')).sort()).toEqual([...helper.languages].sort());
    expect((await ticked('skills')).sort()).toEqual([...helper.skills].sort());
    expect((await ticked('free')).sort()).toEqual(helper.free.map((s) => `${s.day}-${s.part}`).sort());
    expect(await page.isChecked('#pf-consent')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("a leader finds them by language and skill, not the other profile, and invites them to their group's task", async () => {
    const page = await leader.newPage();
    await page.goto(`${server.url}/fi/manage/helpers`);
    // Unfiltered, the other profile is listed too.
    expect(await page.locator('.helper-profile strong').allTextContents()).toEqual(expect.arrayContaining([helper.name, OTHER.name]));
    await page.getByRole('combobox', { name: fi('profiles.manage.task') }).selectOption(taskIds[helper.search.skill]!);
    await page.getByRole('combobox', { name: fi('profiles.manage.language') }).selectOption(helper.search.language);
    await page.getByRole('combobox', { name: fi('profiles.manage.skill') }).selectOption(helper.search.skill);
    await page.getByRole('button', { name: fi('profiles.manage.search') }).click();
    await expect.poll(() => page.url()).toContain(`skill=${helper.search.skill}`);
    const found = page.locator('.helper-profile');
    expect(await found.locator('strong').allTextContents()).toEqual([helper.name]);
    expect(await page.content()).not.toContain(OTHER.name);
    // No contact on the page: the invitation goes to the helper's own.
    expect(await page.content()).not.toContain(helper.email);
    expect(await page.locator('h2').first().textContent()).toContain(fi('profiles.manage.count', { count: 1 }));
    expect(await seriousViolations(page)).toEqual([]);

    const before = smtp.received.length;
    await found
      .filter({ hasText: helper.name })
      .getByRole('button', { name: fi('profiles.manage.invite') })
      .click();
    await expect.poll(() => page.url()).toContain('invited=1');
    expect(await page.locator('[role=status]').first().textContent()).toContain(fi('profiles.manage.sentInvite'));
    expect(await found.filter({ hasText: helper.name }).textContent()).toContain(fi('profiles.manage.invited'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();

    // The message is in the helper's language (the language of the page they saved on).
    invitation = await linkFromMail(before, helper.email, t('mail.helperInvited.subject', { event: TITLE[lang] }), 'helpers/invitation');
    expect(invitation).toMatch(new RegExp(`^/${lang}/helpers/invitation/`));
  });

  it('the helper accepts the invitation, and the leader sees them confirmed', async () => {
    const before = smtp.received.length;
    const page = await visitor.newPage();
    await page.goto(server.url + invitation);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    // The event and its time side by side, with the language's own comma (Arabic "،").
    expect(await page.locator('main').textContent()).toContain(`${TITLE[lang]}${phraseComma(lang)}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: t('profiles.invite.accept') }).click();
    await expect.poll(() => page.url()).toContain('answer=accepted');
    expect(await page.locator('[role=status]').first().textContent()).toContain(t('profiles.invite.accepted'));
    // Answered: no buttons to press again.
    expect(await page.getByRole('button', { name: t('profiles.invite.accept') }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    // The usual confirmation follows, with the helper's own link, in their language.
    const confirmed = await linkFromMail(before, helper.email, t('mail.helperConfirmed.subject', { event: TITLE[lang] }), 'helper');
    expect(confirmed).toMatch(new RegExp(`^/${lang}/helper/`));

    const helpers = await leader.newPage();
    await helpers.goto(`${server.url}/fi/manage/events/${eventId}/helpers`);
    expect(await helpers.locator('li', { hasText: helper.name }).first().textContent()).toContain(fi('helpers.status.confirmed'));
    expect(await seriousViolations(helpers)).toEqual([]);
    await helpers.close();
  });
});
