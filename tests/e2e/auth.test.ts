import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, gt } from 'drizzle-orm';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperTasks } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { users } from '#db/schema/users.ts';
import { createApiToken } from '#features/auth/api-tokens.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { addUser } from '#features/users/mutations.ts';
import { createSession, SESSION_COOKIE } from '#features/auth/session.ts';
import { signInByLink, startPreparedServer } from '../setup/accounts.ts';
import { launchBrowser } from '../setup/browser.ts';
import { eventIdFromPage, postJson, slugsFromListing } from '../setup/http.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

const smtp = new TestSmtp();
let server: RunningServer;
const tokens: Record<string, string> = {};
let cookingEvent = '';
let nextCooking = '';
let cafeGroup = '';
const presetCookies: Record<string, string> = {};
// A helper task at the next cooking and café events, and a helper profile (decision 032).
const helping = { cookingTask: '', cafeTask: '', profile: '' };

const origin = () => ({ Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' });

const signIn = (email: string) => signInByLink(server, smtp, email);

beforeAll(async () => {
  await smtp.start();
  // People straight in a copy of the demo database before the server starts: a second hub with
  // its own coordinator, and a leader whose account was switched off after their session and
  // token were made.
  ({ server } = await startPreparedServer({
    env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' },
    prepare: async (db) => {
      const [hubA] = await db.select().from(hubs);
      cafeGroup = (await db.select({ id: groups.id }).from(groups).where(eq(groups.slug, 'cafe')))[0]!.id;
      for (const [who, role, group] of [
        ['admin', 'admin', []],
        ['leader', 'leader', ['cooking-together']],
        ['other', 'leader', ['cafe']],
        ['partner', 'partner', ['womens-swimming']],
        ['disabled', 'leader', ['cooking-together']],
        ['translator', 'translator', []],
      ] as const) {
        const added = await addUser(db, SYSTEM, {
          hubId: hubA!.id,
          email: `${who}@example.org`,
          role,
          groupSlugs: [...group],
          // The translator translates Arabic only (decision 023).
          languages: who === 'translator' ? ['ar'] : [],
        });
        if (added.kind !== 'added') throw new Error(added.kind);
        tokens[who] = await createApiToken(db, added.userId, 'test');
        if (who === 'leader' || who === 'other') presetCookies[who] = `${SESSION_COOKIE}=${(await createSession(db, added.userId)).token}`;
        if (who === 'disabled') presetCookies.disabled = `${SESSION_COOKIE}=${(await createSession(db, added.userId)).token}`;
      }
      const [hubB] = await db.insert(hubs).values({ slug: 'elsewhere', name: 'Elsewhere' }).returning();
      const [adminB] = await db.insert(users).values({ hubId: hubB!.id, email: 'admin-b@example.org', role: 'admin' }).returning();
      tokens['admin-b'] = await createApiToken(db, adminB!.id, 'test');
      presetCookies['admin-b'] = `${SESSION_COOKIE}=${(await createSession(db, adminB!.id)).token}`;
      await db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, 'disabled@example.org'));
      for (const [slug, key] of [
        ['cooking-together', 'cookingTask'],
        ['cafe', 'cafeTask'],
      ] as const) {
        const [event] = await db
          .select({ id: events.id })
          .from(events)
          .innerJoin(groups, eq(groups.id, events.groupId))
          .where(and(eq(groups.slug, slug), gt(events.startsAt, new Date())))
          // The last one: the tests below cancel the first cooking events.
          .orderBy(desc(events.startsAt))
          .limit(1);
        const [task] = await db.insert(helperTasks).values({ eventId: event!.id, kind: 'cook', needed: 2 }).returning();
        helping[key] = task!.id;
      }
      // A second coordinator with a session of their own (the first signs out everywhere below).
      const coordinator = await addUser(db, SYSTEM, { hubId: hubA!.id, email: 'coordinator@example.org', role: 'admin' });
      if (coordinator.kind !== 'added') throw new Error(coordinator.kind);
      presetCookies.admin = `${SESSION_COOKIE}=${(await createSession(db, coordinator.userId)).token}`;
      const [profile] = await db
        .insert(helperProfiles)
        .values({
          hubId: hubA!.id,
          name: 'Profiili',
          email: 'profile@example.org',
          reach: 'profile@example.org',
          language: 'fi',
          languages: ['ar'],
          skills: ['cook'],
          consentAt: new Date(),
        })
        .returning();
      helping.profile = profile!.id;
    },
  }));
  const cooking = await slugsFromListing(server.url, '/en/events?group=cooking-together');
  cookingEvent = await eventIdFromPage(server.url, cooking[0]!);
  nextCooking = await eventIdFromPage(server.url, cooking[1]!);
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('signing in with an emailed link, end to end', () => {
  it('the link arrives, works once, and fails the second time', async () => {
    const before = smtp.received.length;
    const page = await fetch(`${server.url}/fi/login`, {
      method: 'POST',
      headers: origin(),
      body: new URLSearchParams({ email: 'Leader@Example.org' }),
    });
    expect(await page.text()).toContain('kirjautumislinkki on matkalla');
    await smtp.waitFor(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.mail.subject).toBe('Kirjautumislinkkisi Toriin');
    const path = new URL(mail.mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0]).pathname;

    // Opening the link (as a mail scanner would) does not use it up.
    expect((await fetch(server.url + path)).status).toBe(200);
    const first = await fetch(server.url + path, { method: 'POST', headers: origin(), redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/fi/manage');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tori_session=[a-z2-7]{24}\.[a-z2-7]{24};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(';')[0]!;
    const manage = await fetch(`${server.url}/fi/manage`, { headers: { Cookie: cookie } });
    expect(manage.status).toBe(200);
    expect(manage.headers.get('cache-control')).toBe('private, no-store');
    expect(await manage.text()).toContain('leader@example.org');

    const second = await fetch(server.url + path, { method: 'POST', headers: origin(), redirect: 'manual' });
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe('/fi/login?link=invalid');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = smtp.received.length;
    const response = await fetch(`${server.url}/fi/login`, {
      method: 'POST',
      headers: origin(),
      body: new URLSearchParams({ email: 'stranger@example.org' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('kirjautumislinkki on matkalla');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.received.length).toBe(before);
    // Nothing was even queued: the outbox holds no message to that address.
    const admin = await signIn('admin@example.org');
    const queued = await (await fetch(`${server.url}/fi/manage/admin/outbox`, { headers: { Cookie: admin } })).text();
    expect(queued).toContain('Kirjautumislinkki');
    expect(queued).not.toContain('stranger@example.org');
  });

  it('a tampered cookie is refused; signing out everywhere ends every session', async () => {
    const a = await signIn('admin@example.org');
    const b = await signIn('admin@example.org');
    const tampered = a.slice(0, -1) + (a.endsWith('a') ? 'b' : 'a');
    expect((await fetch(`${server.url}/fi/manage`, { headers: { Cookie: tampered }, redirect: 'manual' })).status).toBe(303);
    const out = await fetch(`${server.url}/fi/logout`, {
      method: 'POST',
      headers: { ...origin(), Cookie: a },
      body: new URLSearchParams({ everywhere: 'yes' }),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    for (const cookie of [a, b]) {
      expect((await fetch(`${server.url}/fi/manage`, { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(303);
    }
  });
});

// Every protected route must have a row here: a new route without one fails the first test.
// A disabled account acts as nobody: its session and token are refused (the anonymous answer).
// `otherAdmin` is the coordinator of a second hub in the same database; `translator` translates Arabic.
type Who = 'anonymous' | 'disabled' | 'otherAdmin' | 'partner' | 'translator' | 'otherLeader' | 'leader' | 'admin';
type Expect = Omit<Record<Who, number>, 'disabled'>;
const matrix: Record<
  string,
  'public' | { method: string; path: () => string; auth: 'session' | 'bearer'; body?: () => unknown; expect: Expect }
> = {
  'api/v1/events/index.ts': {
    method: 'POST',
    path: () => '/api/v1/events',
    auth: 'bearer',
    body: () => ({
      title: { fi: 'Uusi kokkikerta' },
      category: 'cooking',
      group: 'cooking-together',
      start: '2031-05-06T17:00:00+03:00',
      end: '2031-05-06T19:00:00+03:00',
      mode: 'signup',
      capacity: 10,
    }),
    expect: { otherAdmin: 422, anonymous: 401, partner: 403, translator: 403, otherLeader: 403, leader: 201, admin: 201 },
  },
  'api/v1/events/[id]/index.ts': {
    method: 'PATCH',
    path: () => `/api/v1/events/${nextCooking}`,
    auth: 'bearer',
    body: () => ({ summary: { fi: 'Tänään leivotaan.' } }),
    expect: { otherAdmin: 403, anonymous: 401, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  'api/v1/events/[id]/signups.ts': 'public',
  'api/v1/openapi.json.ts': 'public',
  'api/v1/signups/[token]/cancel.ts': 'public',
  '[lang]/manage/index.astro': {
    method: 'GET',
    path: () => '/fi/manage',
    auth: 'session',
    expect: { otherAdmin: 200, anonymous: 303, partner: 200, translator: 200, otherLeader: 200, leader: 200, admin: 200 },
  },
  'api/v1/events/[id]/attendees.ts': {
    method: 'GET',
    path: () => `/api/v1/events/${cookingEvent}/attendees`,
    auth: 'bearer',
    expect: { otherAdmin: 403, anonymous: 401, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  'api/v1/events/[id]/attendees.csv.ts': {
    method: 'GET',
    path: () => `/api/v1/events/${cookingEvent}/attendees.csv`,
    auth: 'bearer',
    expect: { otherAdmin: 403, anonymous: 401, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  '[lang]/manage/events/[id]/index.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  '[lang]/manage/events/[id]/attendees.csv.ts': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/attendees.csv`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  // Volunteer tasks and offers (decision 031): the group's leaders and the coordinator.
  '[lang]/manage/events/[id]/helpers.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/helpers`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  // Finding helpers (decision 032): the coordinator and leaders of a group, never partners.
  '[lang]/manage/helpers.astro': {
    method: 'GET',
    path: () => '/fi/manage/helpers',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 200, leader: 200, admin: 200 },
  },
  '[lang]/manage/events/[id]/print.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/print`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  // Head counts: the group's leaders and the coordinator (a sign-up event answers with a note).
  '[lang]/manage/events/[id]/count.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/count`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  // Collecting feedback on a phone (kiosk): the group's leaders and the coordinator (decision 027).
  '[lang]/manage/events/[id]/feedback.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/feedback`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  // The café group's figures: its leader and the coordinator, never the leader of another group.
  '[lang]/manage/reports/index.astro': {
    method: 'GET',
    path: () => `/fi/manage/reports?group=${cafeGroup}`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 200, leader: 403, admin: 200 },
  },
  '[lang]/manage/reports/[table].csv.ts': {
    method: 'GET',
    path: () => `/fi/manage/reports/groups.csv?group=${cafeGroup}`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 200, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/privacy.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/privacy',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/hub.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/hub',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/events/new.astro': {
    method: 'GET',
    path: () => '/fi/manage/events/new',
    auth: 'session',
    expect: { otherAdmin: 200, anonymous: 303, partner: 200, translator: 200, otherLeader: 200, leader: 200, admin: 200 },
  },
  '[lang]/manage/events/[id]/edit.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/edit`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  '[lang]/manage/events/[id]/questions.astro': {
    method: 'GET',
    path: () => `/fi/manage/events/${cookingEvent}/questions`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
  '[lang]/manage/feeds.astro': {
    method: 'GET',
    path: () => '/fi/manage/feeds',
    auth: 'session',
    expect: { otherAdmin: 200, anonymous: 303, partner: 200, translator: 200, otherLeader: 200, leader: 200, admin: 200 },
  },
  '[lang]/manage/admin/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/audit.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/audit',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/outbox/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/outbox',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/outbox/[file].ts': {
    method: 'GET',
    path: () => '/fi/manage/admin/outbox/no-such-file.eml',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 404 },
  },
  '[lang]/manage/admin/places/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/places',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/places/[id].astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/places/new',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/categories/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/categories',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/categories/[id].astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/categories/new',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/groups/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/groups',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  '[lang]/manage/admin/groups/[id].astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/groups/new',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 200 },
  },
  // An unknown person is a 404 for the coordinator; the others never learn whether it exists.
  '[lang]/manage/admin/users/[id].astro': {
    method: 'GET',
    path: () => '/fi/manage/admin/users/00000000-0000-4000-8000-000000000000',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 403, otherLeader: 403, leader: 403, admin: 404 },
  },
  '[lang]/manage/translations/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/translations',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 200, translator: 200, otherLeader: 200, leader: 200, admin: 200 },
  },
  // The translator of Arabic is refused the Finnish queue.
  '[lang]/manage/translations/[language]/index.astro': {
    method: 'GET',
    path: () => '/fi/manage/translations/fi',
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 200, translator: 403, otherLeader: 200, leader: 200, admin: 200 },
  },
  // A leader translates their own group's events only; a translator in their languages.
  '[lang]/manage/translations/[language]/[kind]/[id].astro': {
    method: 'GET',
    path: () => `/fi/manage/translations/ar/event/${nextCooking}`,
    auth: 'session',
    expect: { otherAdmin: 403, anonymous: 303, partner: 403, translator: 200, otherLeader: 403, leader: 200, admin: 200 },
  },
  '[lang]/manage/account.astro': {
    method: 'GET',
    path: () => '/fi/manage/account',
    auth: 'session',
    expect: { otherAdmin: 200, anonymous: 303, partner: 200, translator: 200, otherLeader: 200, leader: 200, admin: 200 },
  },
  // Last: it cancels the event (the admin's second cancel is answered 200 too).
  'api/v1/events/[id]/cancel.ts': {
    method: 'POST',
    path: () => `/api/v1/events/${cookingEvent}/cancel`,
    auth: 'bearer',
    expect: { otherAdmin: 403, anonymous: 401, partner: 403, translator: 403, otherLeader: 403, leader: 200, admin: 200 },
  },
};

// Every form of the manage pages and what it posts, as `route#action` (the hidden `action`
// field; '' for a form without one). Only those who must be refused post: nothing changes.
const cookingForm = () => ({
  title_fi: 'Luvaton',
  category: 'cooking',
  group: 'cooking-together',
  place: '',
  date: '2031-05-06',
  start: '18:00',
  end: '20:00',
  mode: 'signup',
  capacity: '10',
  maxPartySize: '2',
  cost: '',
  audience: 'everyone',
});
const refused = { anonymous: 303, otherAdmin: 403, partner: 403, translator: 403, otherLeader: 403 };
const eventPage = () => `/fi/manage/events/${nextCooking}`;
const nobodyUser = '/fi/manage/admin/users/00000000-0000-4000-8000-000000000000';
const forms: Record<string, { path: () => string; body: () => Record<string, string>; expect: Partial<Expect> }> = {
  '[lang]/manage/events/[id]/index.astro#attendance': { path: eventPage, body: () => ({ action: 'attendance' }), expect: refused },
  '[lang]/manage/events/[id]/index.astro#walk-in': {
    path: eventPage,
    body: () => ({ action: 'walk-in', name: 'Luvaton', adults: '1', children: '0' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/index.astro#promote': {
    path: eventPage,
    body: () => ({ action: 'promote', signup: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/index.astro#message': {
    path: eventPage,
    body: () => ({ action: 'message', to: 'all', text: 'Luvaton viesti' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/helpers.astro#add-task': {
    path: () => `${eventPage()}/helpers`,
    body: () => ({ action: 'add-task', kind: 'cook', needed: '2' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/helpers.astro#remove-task': {
    path: () => `${eventPage()}/helpers`,
    body: () => ({ action: 'remove-task', task: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/helpers.astro#confirm': {
    path: () => `${eventPage()}/helpers`,
    body: () => ({ action: 'confirm', offer: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/helpers.astro#decline': {
    path: () => `${eventPage()}/helpers`,
    body: () => ({ action: 'decline', offer: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  // An invitation to a cooking task: the café's leader may search, but not invite to it.
  '[lang]/manage/helpers.astro#invite': {
    path: () => '/fi/manage/helpers',
    body: () => ({ action: 'invite', profile: helping.profile, task: helping.cookingTask }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/helpers.astro#hours': {
    path: () => `${eventPage()}/helpers`,
    body: () => ({ action: 'hours', offer: '00000000-0000-4000-8000-000000000000', hours: '2' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/count.astro#tap': {
    path: () => `${eventPage()}/count`,
    body: () => ({ action: 'tap', slot: '', delta: '1' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/feedback.astro#kiosk': {
    path: () => `${eventPage()}/feedback`,
    body: () => ({ action: 'kiosk', score: '3' }),
    expect: refused,
  },
  '[lang]/manage/admin/privacy.astro#privacy': {
    path: () => '/fi/manage/admin/privacy',
    body: () => ({ action: 'privacy', retentionDays: '30', controllerName: 'Luvaton', controllerContact: '' }),
    expect: refused,
  },
  '[lang]/manage/admin/hub.astro#save': {
    path: () => '/fi/manage/admin/hub',
    body: () => ({ action: 'save', sourceLang: 'fi', about_fi: 'Luvaton', opens_1: '09:00', closes_1: '17:00' }),
    expect: refused,
  },
  '[lang]/manage/admin/privacy.astro#count-group': {
    path: () => '/fi/manage/admin/privacy',
    body: () => ({ action: 'count-group', label_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/admin/privacy.astro#archive': {
    path: () => '/fi/manage/admin/privacy',
    body: () => ({ action: 'archive', id: '00000000-0000-4000-8000-000000000000', archived: 'yes' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/edit.astro#': { path: () => `${eventPage()}/edit`, body: cookingForm, expect: refused },
  '[lang]/manage/events/[id]/edit.astro#cancel': {
    path: () => `${eventPage()}/edit`,
    body: () => ({ action: 'cancel', confirm: 'yes' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/questions.astro#save': {
    path: () => `${eventPage()}/questions`,
    body: () => ({ action: 'save', kind: 'yesno', label_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/questions.astro#move-up': {
    path: () => `${eventPage()}/questions`,
    body: () => ({ action: 'move-up', question: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/questions.astro#move-down': {
    path: () => `${eventPage()}/questions`,
    body: () => ({ action: 'move-down', question: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/events/[id]/questions.astro#delete': {
    path: () => `${eventPage()}/questions`,
    body: () => ({ action: 'delete', question: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  // Changing the writing language stores nothing, yet the refused are still refused.
  '[lang]/manage/events/[id]/questions.astro#relang': {
    path: () => `${eventPage()}/questions`,
    body: () => ({ action: 'relang', kind: 'yesno', sourceLang: 'ar', label_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/admin/hub.astro#relang': {
    path: () => '/fi/manage/admin/hub',
    body: () => ({ action: 'relang', sourceLang: 'ar', about_fi: 'Luvaton' }),
    expect: refused,
  },
  // The other hub's coordinator creates in their own hub, which has no 'cooking' topic: a 422, never an event here.
  '[lang]/manage/events/new.astro#': { path: () => '/fi/manage/events/new', body: cookingForm, expect: { ...refused, otherAdmin: 422 } },
  '[lang]/manage/admin/index.astro#': {
    path: () => '/fi/manage/admin',
    body: () => ({ email: 'luvaton@example.org', role: 'admin' }),
    expect: refused,
  },
  '[lang]/manage/admin/index.astro#reminders': {
    path: () => '/fi/manage/admin',
    body: () => ({ action: 'reminders', reminderHours: '1' }),
    expect: refused,
  },
  '[lang]/manage/admin/index.astro#sms': {
    path: () => '/fi/manage/admin',
    body: () => ({ action: 'sms', smsMonthlyCap: '1' }),
    expect: refused,
  },
  '[lang]/manage/admin/places/[id].astro#': {
    path: () => '/fi/manage/admin/places/new',
    body: () => ({ slug: 'luvaton', name_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/admin/categories/[id].astro#': {
    path: () => '/fi/manage/admin/categories/new',
    body: () => ({ slug: 'luvaton', name_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/admin/groups/[id].astro#': {
    path: () => '/fi/manage/admin/groups/new',
    body: () => ({ slug: 'luvaton', name_fi: 'Luvaton' }),
    expect: refused,
  },
  '[lang]/manage/admin/users/[id].astro#': { path: () => nobodyUser, body: () => ({ name: 'X', role: 'admin' }), expect: refused },
  '[lang]/manage/admin/users/[id].astro#token': {
    path: () => nobodyUser,
    body: () => ({ action: 'token', tokenName: 'x' }),
    expect: refused,
  },
  '[lang]/manage/admin/users/[id].astro#revoke': {
    path: () => nobodyUser,
    body: () => ({ action: 'revoke', token: 'x' }),
    expect: refused,
  },
  '[lang]/manage/admin/outbox/index.astro#resend-one': {
    path: () => '/fi/manage/admin/outbox',
    body: () => ({ action: 'resend-one', id: '00000000-0000-4000-8000-000000000000' }),
    expect: refused,
  },
  '[lang]/manage/admin/outbox/index.astro#resend-since': {
    path: () => '/fi/manage/admin/outbox',
    body: () => ({ action: 'resend-since', since: '2020-01-01' }),
    expect: refused,
  },
  // Finnish, which the translator does not translate, into an event of a group the others do not run.
  '[lang]/manage/translations/[language]/[kind]/[id].astro#': {
    path: () => `/fi/manage/translations/fi/event/${nextCooking}`,
    body: () => ({ 'f-title': 'Luvaton' }),
    expect: refused,
  },
  // Everyone signed in looks after their own feeds and password: only nobody is refused.
  '[lang]/manage/feeds.astro#create': {
    path: () => '/fi/manage/feeds',
    body: () => ({ action: 'create', name: 'x' }),
    expect: { anonymous: 303 },
  },
  '[lang]/manage/feeds.astro#revoke': {
    path: () => '/fi/manage/feeds',
    body: () => ({ action: 'revoke', id: '00000000-0000-4000-8000-000000000000' }),
    expect: { anonymous: 303 },
  },
  '[lang]/manage/account.astro#': {
    path: () => '/fi/manage/account',
    body: () => ({ password: 'x', repeat: 'x' }),
    expect: { anonymous: 303 },
  },
};

/**
 * The `route#action` of every post form on a manage page (an `<EventForm>` is one without an
 * action): each button of a form with several is its own action, and so is the change-language
 * button of `<LanguageFirstFields relang="…">`.
 */
function formActions(pages: string, file: string): string[] {
  const text = readFileSync(join(pages, file), 'utf8');
  const blocks = [...text.matchAll(/<form\b[^>]*method="post"[\s\S]*?<\/form>|<EventForm\b/g)].map((m) => m[0]);
  return blocks.flatMap((b) => {
    const values = [...b.matchAll(/name="action" value="([^"]+)"|\brelang="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
    return (values.length ? values : ['']).map((v) => `${file}#${v}`);
  });
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? routeFiles(path) : [path];
  });
}

describe('permission matrix', () => {
  it('covers every API and manage route', () => {
    const pages = join(process.cwd(), 'src/pages');
    const protectedRoutes = [...routeFiles(join(pages, 'api')), ...routeFiles(join(pages, '[lang]/manage'))].map((f) => relative(pages, f));
    expect(protectedRoutes.filter((r) => !(r in matrix))).toEqual([]);
    // Every form action has a row, and every row a form: a new form without one fails here.
    const actions = protectedRoutes.filter((r) => r.endsWith('.astro')).flatMap((r) => formActions(pages, r));
    expect([...new Set(actions)].sort()).toEqual(Object.keys(forms).sort());
  });

  it('answers each role as the matrix says', async () => {
    const who: Who[] = ['anonymous', 'disabled', 'otherAdmin', 'partner', 'translator', 'otherLeader', 'leader', 'admin'];
    const emails: Record<Exclude<Who, 'anonymous'>, string> = {
      disabled: 'disabled',
      otherAdmin: 'admin-b',
      partner: 'partner',
      translator: 'translator',
      otherLeader: 'other',
      leader: 'leader',
      admin: 'admin',
    };
    const cookies: Partial<Record<Who, string>> = { disabled: presetCookies.disabled, otherAdmin: presetCookies['admin-b'] };
    for (const w of ['partner', 'translator', 'otherLeader', 'leader', 'admin'] as const)
      cookies[w] = await signIn(`${emails[w]}@example.org`);
    const expected = (e: Partial<Expect>, w: Who) => (w === 'disabled' ? e.anonymous : e[w]);
    const answers: string[] = [];
    const wanted: string[] = [];
    const unspoken: string[] = [];
    for (const [route, rule] of Object.entries(matrix)) {
      if (rule === 'public') continue;
      for (const w of who) {
        const hasBody = rule.method !== 'GET';
        const headers: Record<string, string> = hasBody ? { 'Content-Type': 'application/json' } : {};
        if (w !== 'anonymous' && rule.auth === 'bearer') headers.Authorization = `Bearer ${tokens[emails[w]]}`;
        if (w !== 'anonymous' && rule.auth === 'session') headers.Cookie = cookies[w]!;
        const body = hasBody ? JSON.stringify(rule.body?.() ?? {}) : undefined;
        const response = await fetch(server.url + rule.path(), { method: rule.method, headers, body, redirect: 'manual' });
        answers.push(`${route} ${w} ${response.status}`);
        wanted.push(`${route} ${w} ${expected(rule.expect, w)}`);
      }
    }
    // The posts of every form, from those who must be refused (and the disabled, as nobody).
    for (const [form, rule] of Object.entries(forms)) {
      for (const w of who.filter((x) => expected(rule.expect, x) !== undefined)) {
        const headers: Record<string, string> = { ...origin(), ...(w === 'anonymous' ? {} : { Cookie: cookies[w]! }) };
        const response = await fetch(server.url + rule.path(), {
          method: 'POST',
          headers,
          body: new URLSearchParams(rule.body()),
          redirect: 'manual',
        });
        answers.push(`${form} ${w} ${response.status}`);
        wanted.push(`${form} ${w} ${expected(rule.expect, w)}`);
        // A refusal is a page in the address's language, never an empty answer.
        if (response.status === 403) {
          const lang = rule.path().split('/')[1];
          if (!(await response.text()).includes(`<html lang="${lang}"`)) unspoken.push(`${form} ${w}`);
        }
      }
    }
    expect(answers).toEqual(wanted);
    expect(unspoken).toEqual([]);
  });
});

describe('inviting helpers (decision 032)', () => {
  it('offers a leader the tasks of their groups only, the coordinator all; contacts are never shown', async () => {
    const tasksFor = async (who: 'leader' | 'other' | 'admin') => {
      const html = await (
        await fetch(`${server.url}/fi/manage/helpers?skill=cook&language=ar`, { headers: { Cookie: presetCookies[who]! } })
      ).text();
      expect(html).toContain('Profiili');
      expect(html).not.toContain('profile@example.org');
      return [helping.cookingTask, helping.cafeTask].map((id) => html.includes(`value="${id}"`));
    };
    expect(await tasksFor('leader')).toEqual([true, false]);
    expect(await tasksFor('other')).toEqual([false, true]);
    expect(await tasksFor('admin')).toEqual([true, true]);
  });
});

describe('a leader at the door, JavaScript off', () => {
  it('marks attendance on a phone, and the CSV export has the same marks', async () => {
    for (const name of ['Aino', 'Bilal', 'Chen']) {
      const response = await postJson(`${server.url}/api/v1/events/${nextCooking}/signups`, {
        name,
        email: `${name.toLowerCase()}@example.org`,
        adults: 1,
        consent: true,
      });
      expect(response.status).toBe(201);
    }
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const before = smtp.received.length;
      await page.goto(`${server.url}/fi/login`);
      await page.fill('#login-email', 'leader@example.org');
      await page.locator('form button[type=submit]').click();
      // Sign-up confirmations may still be arriving: wait for the message to the leader.
      const toLeader = () =>
        smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === 'leader@example.org');
      for (let n = before + 1; !toLeader(); n++) await smtp.waitFor(n);
      const link = toLeader()!.mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0];
      await page.goto(server.url + new URL(link).pathname);
      await page.locator('form button[type=submit]').click();
      await page.waitForURL(/\/fi\/manage$/);

      await page.goto(`${server.url}/fi/manage/events/${nextCooking}`);
      const box = (name: string) => page.locator('.attendee', { hasText: name }).locator('input[name=came]');
      const size = await box('Aino').boundingBox();
      expect(size!.height).toBeGreaterThanOrEqual(24);
      await box('Aino').check();
      await box('Chen').check();
      // A save button at the top and one at the bottom of the list.
      expect(await page.locator('form:has(input[value=attendance]) button[type=submit]').count()).toBe(2);
      await page.locator('form:has(input[value=attendance]) button[type=submit]').last().click();
      await page.waitForURL(/saved=attendance/);
      expect(await page.locator('.done').innerText()).toContain('Läsnäolot tallennettu');
      expect(await box('Aino').isChecked()).toBe(true);
      expect(await box('Bilal').isChecked()).toBe(false);

      const csv = await (await context.request.get(`${server.url}/fi/manage/events/${nextCooking}/attendees.csv`)).text();
      const rows = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')));
      const header = rows[0]!;
      const came = Object.fromEntries(rows.slice(1).map((r) => [r[header.indexOf('name')], r[header.indexOf('attended')]]));
      expect(came).toEqual({ Aino: 'yes', Bilal: 'no', Chen: 'yes' });
      await context.close();
    } finally {
      await browser.close();
    }
  });
});

describe("the leaders' event form, without JavaScript", () => {
  it('creates an event that the public programme then shows, and edits its time', async () => {
    const cookie = await signIn('leader@example.org');
    const form = new URLSearchParams({
      title_fi: 'Ompelukerho',
      title_ar: 'نادي الخياطة',
      summary_fi: 'Korjataan vaatteita yhdessä.',
      category: 'cooking',
      group: 'cooking-together',
      place: 'kototori',
      date: '2031-03-29',
      start: '18:00',
      end: '20:00',
      mode: 'signup',
      capacity: '10',
      maxPartySize: '2',
      cost: '',
    });
    form.append('spoken', 'fi');
    form.append('spoken', 'ar');
    form.append('audience', 'women');
    const made = await fetch(`${server.url}/fi/manage/events/new`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: form,
      redirect: 'manual',
    });
    expect(made.status).toBe(303);
    const eventId = made.headers.get('location')!.split('/').at(-1)!;
    const page = await (await fetch(`${server.url}/ar/events/ompelukerho-2031-03-29`)).text();
    expect(page).toContain('نادي الخياطة');
    expect(page).toContain('10');
    const bad = await fetch(`${server.url}/fi/manage/events/${eventId}/edit`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: new URLSearchParams({ ...Object.fromEntries(form), start: '21:00' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Anna päättymisaika, joka on alkamisen jälkeen.');
    form.set('start', '17:00');
    const edited = await fetch(`${server.url}/fi/manage/events/${eventId}/edit`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: form,
      redirect: 'manual',
    });
    expect(edited.status).toBe(303);
    const api = await (
      await fetch(`${server.url}/api/v1/events/${eventId}/attendees`, { headers: { Authorization: `Bearer ${tokens.leader}` } })
    ).json();
    expect(api.eventId).toBe(eventId);
    const listing = await (await fetch(`${server.url}/fi/events?from=2031-03-29&to=2031-03-29`)).text();
    expect(listing).toMatch(/17\.00\s*[–-]\s*20\.00/);
  });
});

describe('the coordinator', () => {
  it('adds a leader to a group from the admin page; the outbox and change log show what happened', async () => {
    const cookie = await signIn('admin@example.org');
    // The groups are ticked from the hub's list: the form posts their ids.
    const form = await (await fetch(`${server.url}/fi/manage/admin`, { headers: { Cookie: cookie } })).text();
    const groupIds = [...form.matchAll(/name="groups" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(groupIds).toContain(cafeGroup);
    const body = new URLSearchParams({ email: 'New.Leader@example.org', role: 'leader' });
    body.append('groups', cafeGroup);
    body.append('groups', groupIds.find((id) => id !== cafeGroup)!);
    const added = await fetch(`${server.url}/fi/manage/admin`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body,
      redirect: 'manual',
    });
    expect(added.status).toBe(303);
    const page = await (await fetch(`${server.url}/fi/manage/admin`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(
      /new\.leader@example\.org<\/a><\/td><td dir="auto">[^<]*<\/td><td>Ryhmän vetäjä<\/td><td dir="ltr">[a-z-]+, [a-z-]+</,
    );
    const wrong = await fetch(`${server.url}/fi/manage/admin`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: new URLSearchParams({ email: 'x@example.org', role: 'leader', groups: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(wrong.status).toBe(422);
    const outbox = await (await fetch(`${server.url}/fi/manage/admin/outbox`, { headers: { Cookie: cookie } })).text();
    expect(outbox).toContain('Kirjautumislinkki');
    expect(outbox).toContain('Lähetetty');
    const audit = await (await fetch(`${server.url}/fi/manage/admin/audit`, { headers: { Cookie: cookie } })).text();
    expect(audit).toContain('Henkilö lisätty');
    expect(audit).not.toContain('user.add');
  });
});

describe("a repeating event from the leaders' form", () => {
  it('makes one session per week (skipping a date) and edits this and the following ones', async () => {
    const cookie = await signIn('leader@example.org');
    const form = new URLSearchParams({
      title_fi: 'Lukupiiri',
      category: 'cooking',
      group: 'cooking-together',
      place: '',
      date: '2031-03-12',
      start: '18:00',
      end: '19:30',
      mode: 'dropin',
      repeat: 'weekly',
      until: '2031-04-09',
      skip: '2031-03-26',
    });
    form.append('audience', 'everyone');
    const made = await fetch(`${server.url}/fi/manage/events/new`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: form,
      redirect: 'manual',
    });
    expect(made.status).toBe(303);
    const sessions = async () => {
      const html = await (await fetch(`${server.url}/en/events?q=lukupiiri&from=2031-03-01&to=2031-04-30`)).text();
      return [...html.matchAll(/<p class="time">([^<]+)<\/p>\s*<h3><a class="card-link" href="\/en\/events\/(lukupiiri-[\d-]+)"/g)].map(
        (m) => `${m[2]} ${m[1]!.replace(/\s/g, '')}`,
      );
    };
    expect(await sessions()).toEqual([
      'lukupiiri-2031-03-12 18:00–19:30',
      'lukupiiri-2031-03-19 18:00–19:30',
      'lukupiiri-2031-04-02 18:00–19:30',
      'lukupiiri-2031-04-09 18:00–19:30',
    ]);
    const second = await eventIdFromPage(server.url, 'lukupiiri-2031-03-19');
    const edit = new URLSearchParams({
      title_fi: 'Lukupiiri',
      category: 'cooking',
      group: 'cooking-together',
      place: '',
      date: '2031-03-19',
      start: '17:00',
      end: '18:30',
      mode: 'dropin',
      scope: 'following',
    });
    edit.append('audience', 'everyone');
    const saved = await fetch(`${server.url}/fi/manage/events/${second}/edit`, {
      method: 'POST',
      headers: { ...origin(), Cookie: cookie },
      body: edit,
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect(await sessions()).toEqual([
      'lukupiiri-2031-03-12 18:00–19:30',
      'lukupiiri-2031-03-19 17:00–18:30',
      'lukupiiri-2031-04-02 17:00–18:30',
      'lukupiiri-2031-04-09 17:00–18:30',
    ]);
  });
});
