import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { feedbackLinks } from '#db/schema/feedback.ts';
import { groups } from '#db/schema/groups.ts';
import { helperInvitations, helperProfileLinks, helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperOffers, helperTasks, helperTokens } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { places } from '#db/schema/places.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { addUser } from '#features/users/mutations.ts';
import { uiLanguages, type Lang } from '#i18n/languages.ts';
import { hashToken, newToken } from '#lib/tokens.ts';
import { formHeaders, signInByLink, startPreparedServer } from '../setup/accounts.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import type { RunningServer } from '../setup/server.ts';
import { signupInput } from '../setup/fixtures.ts';
import { TestSmtp } from '../setup/smtp.ts';

// Every page, checked everywhere (issue 15): axe-core in Chromium, no sideways scrolling at
// 320 px and at 200 % zoom, touch targets measured in the browser, a skip link and a visible focus,
// and screenshots of the main pages for people to look at (test-output/screenshots/).
// The list of pages comes from the files under src/pages: a page without an address in `routes`
// fails the first test, so a new page is checked without anyone remembering to.

const smtp = new TestSmtp();
let server: RunningServer;
let browser: Browser;
const contexts: Partial<Record<Role, BrowserContext>> = {};
const ids = {
  eventSlug: '',
  eventId: '',
  groupSlug: '',
  groupId: '',
  placeSlug: '',
  placeId: '',
  categoryId: '',
  userId: '',
  signupToken: '',
  feedbackToken: '',
  helperToken: '',
  profileToken: '',
  invitationToken: '',
  loginLink: '',
  taskId: '',
};

type Role = 'anonymous' | 'admin' | 'leader';
interface Route {
  /** Who opens it; a leader's pages are also opened by the coordinator. */
  as: Role[];
  path: (lang: Lang) => string;
  /** The answer wanted (a 404 page is a page too). */
  status?: number;
  /** A dense working page: 24 px targets (WCAG 2.5.8) instead of the public pages' 44 px. */
  dense?: boolean;
}

const publicRoute = (path: (lang: Lang) => string, status = 200): Route => ({ as: ['anonymous'], path, status });
const manageRoute = (path: (lang: Lang) => string, asLeaderToo = false): Route => ({
  as: asLeaderToo ? ['admin', 'leader'] : ['admin'],
  path,
  dense: true,
});

// Every `.astro` page under src/pages, with an address in the demo data.
const routes: Record<string, Route | { skip: string }> = {
  '404.astro': publicRoute((l) => `/${l}/no-such-page`, 404),
  '403.astro': {
    skip: "drawn in place of a page's bare refusal of a post; tests/e2e/auth.test.ts checks every refused form gets it, in the address's language (its markup is 404.astro's)",
  },
  '500.astro': { skip: 'shown only when the server fails; tests/e2e/resilience.test.ts reaches it' },
  '[lang]/index.astro': publicRoute((l) => `/${l}/`),
  '[lang]/about.astro': publicRoute((l) => `/${l}/about`),
  '[lang]/accessibility.astro': publicRoute((l) => `/${l}/accessibility`),
  '[lang]/calendar.astro': publicRoute((l) => `/${l}/calendar`),
  '[lang]/embed.astro': publicRoute((l) => `/${l}/embed`),
  '[lang]/partners.astro': publicRoute((l) => `/${l}/partners`),
  '[lang]/privacy.astro': publicRoute((l) => `/${l}/privacy`),
  '[lang]/events/index.astro': publicRoute((l) => `/${l}/events`),
  '[lang]/events/[slug].astro': publicRoute((l) => `/${l}/events/${ids.eventSlug}`),
  '[lang]/events/[slug]/help.astro': publicRoute((l) => `/${l}/events/${ids.eventSlug}/help`),
  '[lang]/feedback/[token].astro': publicRoute((l) => `/${l}/feedback/${ids.feedbackToken}`),
  '[lang]/groups/index.astro': publicRoute((l) => `/${l}/groups`),
  '[lang]/groups/[slug].astro': publicRoute((l) => `/${l}/groups/${ids.groupSlug}`),
  '[lang]/places/index.astro': publicRoute((l) => `/${l}/places`),
  '[lang]/places/[slug].astro': publicRoute((l) => `/${l}/places/${ids.placeSlug}`),
  '[lang]/helper/[token].astro': publicRoute((l) => `/${l}/helper/${ids.helperToken}`),
  '[lang]/helpers/profile/index.astro': publicRoute((l) => `/${l}/helpers/profile`),
  // Opening a profile or invitation link changes nothing (decision 032): one link serves all.
  '[lang]/helpers/profile/[token].astro': publicRoute((l) => `/${l}/helpers/profile/${ids.profileToken}`),
  '[lang]/helpers/invitation/[token].astro': publicRoute((l) => `/${l}/helpers/invitation/${ids.invitationToken}`),
  '[lang]/signup/[token].astro': publicRoute((l) => `/${l}/signup/${ids.signupToken}`),
  '[lang]/login/index.astro': publicRoute((l) => `/${l}/login`),
  // Opening a sign-in link does not use it (a mail scanner may open it): one link serves all.
  '[lang]/login/link/[token].astro': publicRoute((l) => `/${l}/login/link/${ids.loginLink}`),
  '[lang]/logout.astro': { as: ['admin'], path: (l) => `/${l}/logout` },
  '[lang]/manage/index.astro': manageRoute((l) => `/${l}/manage`, true),
  '[lang]/manage/account.astro': manageRoute((l) => `/${l}/manage/account`),
  '[lang]/manage/feeds.astro': manageRoute((l) => `/${l}/manage/feeds`),
  '[lang]/manage/events/new.astro': manageRoute((l) => `/${l}/manage/events/new`, true),
  '[lang]/manage/events/[id]/index.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}`, true),
  '[lang]/manage/events/[id]/count.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/count`, true),
  '[lang]/manage/events/[id]/edit.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/edit`),
  '[lang]/manage/events/[id]/feedback.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/feedback`),
  '[lang]/manage/events/[id]/helpers.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/helpers`, true),
  '[lang]/manage/events/[id]/print.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/print`),
  '[lang]/manage/events/[id]/questions.astro': manageRoute((l) => `/${l}/manage/events/${ids.eventId}/questions`),
  '[lang]/manage/reports/index.astro': manageRoute((l) => `/${l}/manage/reports`),
  '[lang]/manage/helpers.astro': manageRoute((l) => `/${l}/manage/helpers?task=${ids.taskId}`, true),
  '[lang]/manage/translations/index.astro': manageRoute((l) => `/${l}/manage/translations`),
  '[lang]/manage/translations/[language]/index.astro': manageRoute((l) => `/${l}/manage/translations/ar`),
  '[lang]/manage/translations/[language]/[kind]/[id].astro': manageRoute((l) => `/${l}/manage/translations/ar/event/${ids.eventId}`),
  '[lang]/manage/admin/index.astro': manageRoute((l) => `/${l}/manage/admin`),
  '[lang]/manage/admin/audit.astro': manageRoute((l) => `/${l}/manage/admin/audit`),
  '[lang]/manage/admin/hub.astro': manageRoute((l) => `/${l}/manage/admin/hub`),
  '[lang]/manage/admin/privacy.astro': manageRoute((l) => `/${l}/manage/admin/privacy`),
  '[lang]/manage/admin/outbox/index.astro': manageRoute((l) => `/${l}/manage/admin/outbox`),
  '[lang]/manage/admin/categories/index.astro': manageRoute((l) => `/${l}/manage/admin/categories`),
  '[lang]/manage/admin/categories/[id].astro': manageRoute((l) => `/${l}/manage/admin/categories/${ids.categoryId}`),
  '[lang]/manage/admin/groups/index.astro': manageRoute((l) => `/${l}/manage/admin/groups`),
  '[lang]/manage/admin/groups/[id].astro': manageRoute((l) => `/${l}/manage/admin/groups/${ids.groupId}`),
  '[lang]/manage/admin/places/index.astro': manageRoute((l) => `/${l}/manage/admin/places`),
  '[lang]/manage/admin/places/[id].astro': manageRoute((l) => `/${l}/manage/admin/places/${ids.placeId}`),
  '[lang]/manage/admin/users/[id].astro': manageRoute((l) => `/${l}/manage/admin/users/${ids.userId}`),
};

// Known findings left for later, each with its reason: `route role rule` (rule = axe id, or
// `overflow`, `target`, `skip`, `focus`). Empty when everything passes.
const allowed = new Map<string, string>([]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? routeFiles(path) : [path];
  });
}

const pagesDir = join(process.cwd(), 'src/pages');
const pageFiles = routeFiles(pagesDir)
  .map((f) => relative(pagesDir, f))
  .filter((f) => f.endsWith('.astro'))
  .sort();
const checked = () =>
  Object.entries(routes).flatMap(([file, route]) => ('skip' in route ? [] : route.as.map((role) => ({ file, role, route }))));

async function newPage(role: Role): Promise<Page> {
  return contexts[role]!.newPage();
}

/** One page per role, reused from address to address. */
async function pagePerRole(): Promise<Record<Role, Page>> {
  return { anonymous: await newPage('anonymous'), admin: await newPage('admin'), leader: await newPage('leader') };
}

beforeAll(async () => {
  await smtp.start();
  [{ server }, browser] = await Promise.all([
    startPreparedServer({
      env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' },
      prepare: async (db) => {
        const [hub] = await db.select().from(hubs);
        const [group] = await db.select().from(groups).where(eq(groups.slug, 'cooking-together'));
        ids.groupSlug = group!.slug;
        ids.groupId = group!.id;
        const [event] = await db
          .select()
          .from(events)
          .where(and(eq(events.groupId, group!.id), eq(events.mode, 'signup'), gt(events.startsAt, new Date())))
          .orderBy(asc(events.startsAt))
          .limit(1);
        ids.eventSlug = event!.slug;
        ids.eventId = event!.id;
        const [place] = await db.select().from(places).where(eq(places.hubId, hub!.id)).orderBy(asc(places.slug)).limit(1);
        ids.placeSlug = place!.slug;
        ids.placeId = place!.id;
        const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id)).limit(1);
        ids.categoryId = category!.id;
        for (const [email, role, groupSlugs] of [
          ['sweep-admin@example.org', 'admin', []],
          ['sweep-leader@example.org', 'leader', ['cooking-together']],
        ] as const) {
          const added = await addUser(db, SYSTEM, { hubId: hub!.id, email, role, groupSlugs: [...groupSlugs] });
          if (added.kind !== 'added') throw new Error(added.kind);
          if (role === 'leader') ids.userId = added.userId;
        }
        // A sign-up with its manage link, the "How was it?" link the worker would send for it, and a
        // helper's offer with its own link.
        const made = await createSignup(db, event!.id, signupInput({ name: 'Sweep Visitor', email: 'visitor@example.org' }));
        if (made.kind !== 'confirmed') throw new Error(made.kind);
        ids.signupToken = made.token;
        ids.feedbackToken = newToken();
        await db
          .insert(feedbackLinks)
          .values({ tokenHash: hashToken(ids.feedbackToken), eventId: event!.id, signupId: made.signupId, language: 'fi' });
        const [task] = await db
          .insert(helperTasks)
          .values({ eventId: event!.id, kind: 'cook', name: { fi: 'Kokki', en: 'Cook' }, needed: 2 })
          .returning();
        const [offer] = await db
          .insert(helperOffers)
          .values({
            taskId: task!.id,
            name: 'Sweep Helper',
            email: 'helper@example.org',
            reach: 'helper@example.org',
            language: 'fi',
            consentAt: new Date(),
          })
          .returning();
        ids.helperToken = newToken();
        await db.insert(helperTokens).values({ tokenHash: hashToken(ids.helperToken), offerId: offer!.id });
        // A helper profile with its link, and an invitation of it to the task (decision 032).
        ids.taskId = task!.id;
        const [profile] = await db
          .insert(helperProfiles)
          .values({
            hubId: hub!.id,
            name: 'Sweep Profile',
            email: 'profile@example.org',
            reach: 'profile@example.org',
            language: 'fi',
            languages: ['ar', 'fi'],
            skills: ['cook', 'driver'],
            note: 'Ompelu',
            free: ['mon-evening', 'sat-morning'],
            consentAt: new Date(),
          })
          .returning();
        ids.profileToken = newToken();
        await db.insert(helperProfileLinks).values({
          tokenHash: hashToken(ids.profileToken),
          hubId: hub!.id,
          email: 'profile@example.org',
          reach: 'profile@example.org',
          language: 'fi',
          expiresAt: new Date(Date.now() + 86_400_000),
        });
        ids.invitationToken = newToken();
        await db.insert(helperInvitations).values({ tokenHash: hashToken(ids.invitationToken), profileId: profile!.id, taskId: task!.id });
      },
    }),
    launchBrowser(),
  ]);
  const admin = await signInByLink(server, smtp, 'sweep-admin@example.org');
  const leader = await signInByLink(server, smtp, 'sweep-leader@example.org');
  // A fresh sign-in link, never used: its page is what a person sees on opening the mail.
  const before = smtp.received.length;
  await fetch(`${server.url}/fi/login`, {
    method: 'POST',
    headers: formHeaders(server),
    body: new URLSearchParams({ email: 'sweep-leader@example.org' }),
  });
  // Other mail (the visitor's confirmation) may arrive meanwhile: wait for the link.
  const link = () => smtp.received.slice(before).find((m) => /\/login\/link\//.test(m.mail.text ?? ''));
  for (let n = before + 1; !link(); n++) await smtp.waitFor(n);
  ids.loginLink = link()!.mail.text!.match(/\/login\/link\/(\S+)/)![1]!;
  for (const [role, cookie] of [
    ['anonymous', ''],
    ['admin', admin],
    ['leader', leader],
  ] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    contexts[role] = context;
  }
}, 180_000);

afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.close();
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

describe('the list of pages', () => {
  it('has an address for every page under src/pages', () => {
    // A new page must be added to `routes` above (or skipped there with a reason).
    expect(
      pageFiles.filter((f) => !(f in routes)),
      'a new page must be added here',
    ).toEqual([]);
    expect(
      Object.keys(routes).filter((f) => !pageFiles.includes(f)),
      'a page that is gone',
    ).toEqual([]);
  });
});

// Every language on every page, the coordinator's and leaders' tools included (issue 15): a
// translation can break a page's markup (a missing label, a wrong direction) in one language only.
const MANAGE_LANGUAGES: readonly Lang[] = uiLanguages;

describe('axe-core', () => {
  it('finds no serious or critical violation on any page, in every language', async () => {
    const started = Date.now();
    const findings: string[] = [];
    // Two lanes, each with a page per role, share the routes; a route's languages run in
    // sequence on one page. The lanes overlap the server's and the browser's work.
    const LANES = 2;
    const all = checked();
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const pages = await pagePerRole();
        for (const { file, role, route } of all.filter((_, i) => i % LANES === lane)) {
          const page = pages[role];
          const languages = role === 'anonymous' ? uiLanguages : MANAGE_LANGUAGES;
          for (const lang of languages) {
            const path = route.path(lang);
            const response = await page.goto(server.url + path);
            if (response?.status() !== (route.status ?? 200)) {
              findings.push(`${path} (${role}) answered ${response?.status()}`);
              continue;
            }
            const violations = await axeViolations(page);
            for (const v of violations) {
              if (v.impact !== 'serious' && v.impact !== 'critical') continue;
              if (allowed.has(`${file} ${role} ${v.id}`)) continue;
              findings.push(`${path} (${role}) ${v.id}: ${v.nodes[0]?.target.join(' ')} [${v.nodes.length}]`);
            }
          }
        }
        for (const page of Object.values(pages)) await page.close();
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.info(`axe sweep took ${seconds.toFixed(0)} s`);
    expect(findings.sort()).toEqual([]);
  }, 600_000);
});

/** Links, buttons and form controls in the header and main content smaller than `min` px that lack the spacing. */
const smallTargets = (page: Page, min: number) =>
  page.evaluate((min) => {
    const selector = ['a[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary']
      .flatMap((s) => [`header ${s}`, `main ${s}`])
      .join(',');
    const boxes = [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }))
      .map((el) => {
        // A check box or radio inside its label: the label is what is tapped.
        const label =
          (el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio' ? el.closest('label') : null;
        const target = label ?? el;
        // A link inside a sentence is exempt (WCAG 2.5.8 "inline").
        const parent = el.parentElement;
        const inline =
          el.tagName === 'A' &&
          getComputedStyle(el).display === 'inline' &&
          !!parent &&
          (parent.textContent ?? '').trim().length > (el.textContent ?? '').trim().length + 2;
        return { el, r: target.getBoundingClientRect(), inline };
      })
      .filter(({ r }) => r.width > 1 && r.height > 1);
    const distance = (x: number, y: number, r: DOMRect) =>
      Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    return boxes
      .filter(({ r, inline }) => !inline && (r.width < min || r.height < min))
      .filter(({ el, r }) => {
        // The spacing exception: a circle of `min` px on its centre touches no other target.
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        return boxes.some((o) => o.el !== el && !o.el.contains(el) && !el.contains(o.el) && distance(x, y, o.r) < min / 2);
      })
      .map(({ el, r }) => {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 24);
        return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`;
      });
  }, min);

describe('at 320 px and at 200 % zoom', () => {
  it('no page scrolls sideways, targets are big enough, a skip link takes the first tab and shows its focus', async () => {
    const started = Date.now();
    const findings: string[] = [];
    const pages = await pagePerRole();
    const note = (file: string, role: Role, rule: string, text: string) => {
      if (!allowed.has(`${file} ${role} ${rule}`)) findings.push(text);
    };
    // 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels: a 640 px wide viewport
    // (the device pixel ratio changes no layout, so it stays 1).
    for (const { file, role, route } of checked()) {
      const page = pages[role];
      for (const lang of ['fi', 'ar'] as const) {
        const path = route.path(lang);
        for (const width of [320, 640]) {
          await page.setViewportSize({ width, height: width === 320 ? 568 : 400 });
          await page.goto(server.url + path);
          const sideways = await page.evaluate(() => {
            // The innermost elements reaching past either edge: what to fix.
            const out = (el: Element) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && el.checkVisibility() && (r.right > window.innerWidth + 1 || r.left < -1);
            };
            const clipped = (el: Element) => {
              for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
                if (getComputedStyle(a).overflowX !== 'visible') return true;
              return getComputedStyle(el).position === 'absolute';
            };
            const culprits = [...document.body.querySelectorAll('*')]
              .filter((el) => out(el) && ![...el.children].some(out) && !clipped(el))
              .slice(0, 3)
              .map(
                (el) =>
                  `${el.parentElement?.tagName.toLowerCase()} > ${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${el.textContent?.trim().slice(0, 30)}"`,
              );
            return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, culprits: culprits.join(', ') };
          });
          if (sideways.scroll > sideways.inner)
            note(
              file,
              role,
              'overflow',
              `${path} (${role}) at ${width} px scrolls sideways: ${sideways.scroll} > ${sideways.inner} (${sideways.culprits})`,
            );
          // A box that scrolls sideways inside the page must be reachable by keyboard (axe's
          // scrollable-region-focusable, which the 1280 px axe run cannot see).
          const unreachable = await page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('main *')]
              .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
              .filter((el) => el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea, [tabindex="0"]'))
              .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}`),
          );
          if (unreachable.length)
            note(
              file,
              role,
              'scroll-focus',
              `${path} (${role}) at ${width} px scrolls inside without keyboard access: ${unreachable.join(', ')}`,
            );
          if (width !== 320) continue;
          const min = route.dense ? 24 : 44;
          const small = await smallTargets(page, min);
          if (small.length) note(file, role, 'target', `${path} (${role}) targets under ${min} px: ${small.slice(0, 6).join('; ')}`);
          if (file === '[lang]/embed.astro') continue; // a widget inside another site's page: no header, no skip link
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            const style = el ? getComputedStyle(el) : null;
            return {
              skip: !!el?.matches('a.skip[href="#main"]'),
              visible: !!el?.matches(':focus-visible'),
              outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
              shadow: style?.boxShadow ?? 'none',
            };
          });
          if (!focus.skip) note(file, role, 'skip', `${path} (${role}): the first tab stop is not the skip link`);
          const outlined = focus.outline !== '' && !focus.outline.startsWith('none') && !focus.outline.endsWith(' 0px');
          if (!focus.visible || (!outlined && focus.shadow === 'none'))
            note(file, role, 'focus', `${path} (${role}): no visible focus on the first tab stop (${focus.outline})`);
        }
      }
    }
    for (const page of Object.values(pages)) await page.close();
    console.info(`layout sweep took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(findings).toEqual([]);
  }, 600_000);
});

describe('screenshots', () => {
  it('of home, listing, event and manage pages in fi, ar and so at 320 and 1280 px', async () => {
    const dir = join(process.cwd(), 'test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    const shots: [string, Role, (lang: Lang) => string][] = [
      ['home', 'anonymous', (l) => `/${l}/`],
      ['listing', 'anonymous', (l) => `/${l}/events`],
      ['event', 'anonymous', (l) => `/${l}/events/${ids.eventSlug}`],
      ['manage', 'admin', (l) => `/${l}/manage`],
    ];
    const written: string[] = [];
    for (const [name, role, path] of shots) {
      const page = await newPage(role);
      for (const lang of ['fi', 'ar', 'so'] as const) {
        for (const width of [320, 1280]) {
          await page.setViewportSize({ width, height: width === 320 ? 568 : 800 });
          await page.goto(server.url + path(lang));
          const file = join(dir, `${name}-${lang}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(file);
        }
      }
      await page.close();
    }
    expect(written.filter((f) => statSync(f).size > 1000)).toHaveLength(24);
  }, 180_000);
});
