import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs } from '#i18n/catalog.ts';
import { translator } from '#i18n/translate.ts';
import { cli, formHeaders, signInByLink, startServerWithAccounts } from '../setup/accounts.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { eventIdFromPage, slugsFromListing } from '../setup/http.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The coordinator's pages: places, topics, groups and their leaders, people, API tokens,
// reminder settings; and a person's own password.
const smtp = new TestSmtp();
let server: RunningServer;
let admin = '';
let leader = '';
let leaderToken = '';
let cookingEvent = '';

const fi = catalogs.fi.messages as Record<string, string>;
const post = (path: string, cookie: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return fetch(server.url + path, { method: 'POST', headers: formHeaders(server, cookie), body, redirect: 'manual' });
};
const get = (path: string, cookie: string) => fetch(server.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
const html = async (path: string, cookie: string) => (await get(path, cookie)).text();
/** The id in a coordinator's list link whose row shows `text`. */
const idInList = (page: string, section: string, text: string) =>
  page.match(new RegExp(`/manage/admin/${section}/([0-9a-f-]{36})"[^>]*>${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`))?.[1];

beforeAll(async () => {
  await smtp.start();
  const started = await startServerWithAccounts({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, [
    { email: 'coord@example.org', role: 'admin' },
    { email: 'lea@example.org', role: 'leader', groups: ['cooking-together'], token: true },
  ]);
  server = started.server;
  leaderToken = started.tokens['lea@example.org']!;
  cookingEvent = await eventIdFromPage(server.url, (await slugsFromListing(server.url, '/en/events?group=cooking-together'))[0]!);
  admin = await signInByLink(server, smtp, 'coord@example.org');
  leader = await signInByLink(server, smtp, 'lea@example.org');
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('places', () => {
  it('a new place shows on its public page; bad input is refused with localized field names and stores nothing', async () => {
    const bad = await post('/fi/manage/admin/places/new', admin, { slug: 'Not A Slug', name_fi: '', latitude: '123', city: 'Vantaa' });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    for (const label of [fi['admin.slug'], fi['admin.name'], fi['admin.latitude']]) expect(page).toContain(`<li>${label}</li>`);
    expect(page).toContain('value="Vantaa"'); // what was typed stays in the form
    expect(await html('/fi/manage/admin/places', admin)).not.toContain('Vantaa');

    const made = await post('/fi/manage/admin/places/new', admin, {
      slug: 'library-hall',
      name_fi: 'Kirjaston sali',
      name_ar: 'قاعة المكتبة',
      streetAddress: 'Kirjastotie 1',
      postalCode: '01300',
      city: 'Vantaa',
      latitude: '60,29',
      longitude: '25.04',
      accessibility_fi: 'Hissi pääovelta.',
    });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/fi/manage/admin/places?saved=1');
    const publicPage = await (await fetch(`${server.url}/ar/places/library-hall`)).text();
    expect(publicPage).toContain('قاعة المكتبة');
    expect(publicPage).toContain('Kirjastotie 1');

    const again = await post('/fi/manage/admin/places/new', admin, { slug: 'library-hall', name_fi: 'Toinen' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(fi['admin.slugTaken']);
  });

  it('an edit changes the public page; unknown and malformed ids are 404', async () => {
    const id = idInList(await html('/fi/manage/admin/places', admin), 'places', 'Kirjaston sali')!;
    expect(id).toBeTruthy();
    const form = await html(`/fi/manage/admin/places/${id}`, admin);
    expect(form).toContain('value="60.29"');
    const saved = await post(`/fi/manage/admin/places/${id}`, admin, {
      slug: 'library-hall',
      name_fi: 'Kirjaston iso sali',
      streetAddress: 'Kirjastotie 3',
      city: 'Vantaa',
      latitude: '',
      longitude: '',
    });
    expect(saved.status).toBe(303);
    expect(await (await fetch(`${server.url}/fi/places/library-hall`)).text()).toContain('Kirjastotie 3');
    expect((await get('/fi/manage/admin/places/00000000-0000-4000-8000-000000000000', admin)).status).toBe(404);
    expect((await get('/fi/manage/admin/places/not-an-id', admin)).status).toBe(404);
    expect((await get(`/fi/manage/admin/places/${id}`, leader)).status).toBe(403);
  });
});

describe('topics and groups', () => {
  it('a new topic is offered in the listing filter', async () => {
    expect(
      (
        await post('/fi/manage/admin/categories/new', admin, {
          slug: 'gardening',
          name_fi: 'Puutarha',
          name_en: 'Gardening',
          position: '5',
        })
      ).status,
    ).toBe(303);
    expect(await (await fetch(`${server.url}/en/events`)).text()).toMatch(/<option value="gardening"[^>]*>Gardening</);
    const bad = await post('/fi/manage/admin/categories/new', admin, { slug: 'x', name_fi: 'X', position: 'first' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(`<li>${fi['admin.position']}</li>`);
  });

  it('a group gets its topic, place and leaders; taking a leader off ends their access', async () => {
    const people = await html('/fi/manage/admin', admin);
    const leaderId = people.match(/\/manage\/admin\/users\/([0-9a-f-]{36})">lea@example\.org</)![1]!;
    const unknown = await post('/fi/manage/admin/groups/new', admin, {
      slug: 'garden-club',
      name_fi: 'Puutarhakerho',
      category: 'gardening',
      place: 'library-hall',
      leaders: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain(`<li>${fi['admin.leaders']}</li>`);

    const made = await post('/fi/manage/admin/groups/new', admin, {
      slug: 'garden-club',
      name_fi: 'Puutarhakerho',
      summary_fi: 'Kasvatetaan yrttejä.',
      category: 'gardening',
      place: 'library-hall',
      leaders: leaderId,
    });
    expect(made.status).toBe(303);
    expect(await html('/fi/manage', leader)).toContain('Puutarhakerho');
    const publicGroup = await (await fetch(`${server.url}/fi/groups/garden-club`)).text();
    expect(publicGroup).toContain('Kasvatetaan yrttejä.');

    const groupId = idInList(await html('/fi/manage/admin/groups', admin), 'groups', 'Puutarhakerho')!;
    expect(await html(`/fi/manage/admin/groups/${groupId}`, admin)).toMatch(new RegExp(`value="${leaderId}" checked`));
    expect(
      (
        await post(`/fi/manage/admin/groups/${groupId}`, admin, {
          slug: 'garden-club',
          name_fi: 'Puutarhakerho',
          category: 'gardening',
          place: '',
        })
      ).status,
    ).toBe(303);
    expect(await html('/fi/manage', leader)).not.toContain('Puutarhakerho');
    // Still leads the cooking group: that membership was not touched.
    expect(await html('/fi/manage', leader)).toContain(cookingEvent);
  });
});

describe('people, API tokens and disabled accounts', () => {
  let leaderId = '';
  beforeAll(async () => {
    leaderId = (await html('/fi/manage/admin', admin)).match(/\/manage\/admin\/users\/([0-9a-f-]{36})">lea@example\.org</)![1]!;
  });

  it('a token made on the page is shown once, works on the API, and stops when revoked', async () => {
    const made = await post(`/fi/manage/admin/users/${leaderId}`, admin, { action: 'token', tokenName: 'Seurakunnan sivut' });
    expect(made.status).toBe(200);
    const page = await made.text();
    const token = page.match(/<code dir="ltr">(tori_[A-Za-z0-9_-]+)<\/code>/)![1]!;
    const attendees = () =>
      fetch(`${server.url}/api/v1/events/${cookingEvent}/attendees`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await attendees()).status).toBe(200);
    const later = await html(`/fi/manage/admin/users/${leaderId}`, admin);
    expect(later).not.toContain(token);
    expect(later).toContain('Seurakunnan sivut');
    const hash = [...later.matchAll(/name="token" value="([0-9a-f]+)"/g)].map((m) => m[1]!);
    expect(hash.length).toBe(2); // the CLI's token and this one
    // Revoke the newest (listed first).
    expect((await post(`/fi/manage/admin/users/${leaderId}`, admin, { action: 'revoke', token: hash[0]! })).status).toBe(303);
    expect((await attendees()).status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/v1/events/${cookingEvent}/attendees`, { headers: { Authorization: `Bearer ${leaderToken}` } }))
        .status,
    ).toBe(200);
  });

  it('disabling an account ends its sessions and tokens; enabling lets it sign in again', async () => {
    const groups = [idInList(await html('/fi/manage/admin/groups', admin), 'groups', 'Kokataan yhdessä')!];
    expect(groups[0]).toBeTruthy();
    expect((await post(`/fi/manage/admin/users/${leaderId}`, admin, { name: 'Lea', role: 'leader', groups, disabled: 'yes' })).status).toBe(
      303,
    );
    expect((await get('/fi/manage', leader)).status).toBe(303);
    expect(
      (await fetch(`${server.url}/api/v1/events/${cookingEvent}/attendees`, { headers: { Authorization: `Bearer ${leaderToken}` } }))
        .status,
    ).toBe(401);
    expect(await html('/fi/manage/admin', admin)).toContain(fi['admin.disabled']);
    expect((await post(`/fi/manage/admin/users/${leaderId}`, admin, { name: 'Lea', role: 'leader', groups })).status).toBe(303);
    leader = await signInByLink(server, smtp, 'lea@example.org');
    expect((await get('/fi/manage', leader)).status).toBe(200);
  });

  it('a coordinator cannot disable or demote themselves; a bad role is refused', async () => {
    const adminId = (await html('/fi/manage/admin', admin)).match(/\/manage\/admin\/users\/([0-9a-f-]{36})">coord@example\.org</)![1]!;
    const self = await post(`/fi/manage/admin/users/${adminId}`, admin, { name: '', role: 'leader' });
    expect(self.status).toBe(422);
    expect(await self.text()).toContain(fi['admin.selfChange']);
    const role = await post(`/fi/manage/admin/users/${leaderId}`, admin, { name: 'Lea', role: 'owner' });
    expect(role.status).toBe(422);
    expect((await get('/fi/manage/admin', admin)).status).toBe(200);
  });
});

describe('a password of ones own', () => {
  it('is checked, saved as argon2id, signs out the other sessions, and lets the person sign in', async () => {
    const other = await signInByLink(server, smtp, 'lea@example.org');
    const short = await post('/fi/manage/account', leader, { password: 'lyhyt', repeat: 'lyhyt' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain(translator('fi')('account.tooShort', { min: 10 }));
    const mismatch = await post('/fi/manage/account', leader, { password: 'oikein pitkä salasana', repeat: 'oikein pitka salasana' });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain(fi['account.mismatch']);

    const saved = await post('/fi/manage/account', leader, { password: 'oikein pitkä salasana', repeat: 'oikein pitkä salasana' });
    expect(saved.status).toBe(303);
    expect((await get('/fi/manage', leader)).status).toBe(200);
    expect((await get('/fi/manage', other)).status).toBe(303);
    const login = await post('/fi/login', '', { email: 'lea@example.org', password: 'oikein pitkä salasana' });
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toMatch(/^tori_session=/);

    expect((await post('/fi/manage/account', leader, { password: '', repeat: '' })).status).toBe(303);
    expect(await html('/fi/manage/account', leader)).toContain(fi['account.noPassword']);
    const refused = await post('/fi/login', '', { email: 'lea@example.org', password: 'oikein pitkä salasana' });
    expect(refused.headers.get('set-cookie') ?? '').not.toMatch(/^tori_session=/);
  });
});

describe('reminder settings and the event form', () => {
  it('the hub default is saved; a bad value is refused and the old one kept', async () => {
    expect((await post('/fi/manage/admin', admin, { action: 'reminders', reminderHours: '48', morningReminder: 'yes' })).status).toBe(303);
    const bad = await post('/fi/manage/admin', admin, { action: 'reminders', reminderHours: '999' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(translator('fi')('admin.reminderHoursInvalid', { max: 336 }));
    const page = await html('/fi/manage/admin', admin);
    expect(page).toMatch(/name="reminderHours"[^>]*value="48"/);
    expect(page).toMatch(/name="morningReminder" value="yes" checked/);
  });

  it('an event can set its own reminders, and the form speaks the leader’s language when input is wrong', async () => {
    const edit = `/ar/manage/events/${cookingEvent}/edit`;
    const form = await html(edit, leader);
    const date = form.match(/name="date" type="date" required value="([\d-]+)"/)![1]!;
    const base = {
      title_fi: 'Kokataan yhdessä',
      category: 'cooking',
      group: 'cooking-together',
      place: 'kototori',
      date,
      start: '17:00',
      mode: 'signup',
      capacity: '12',
      maxPartySize: '6',
      audience: 'everyone',
    };
    const wrong = await post(edit, leader, { ...base, end: '16:00', reminderHours: '1000' });
    expect(wrong.status).toBe(422);
    const text = await wrong.text();
    expect(text).toContain(catalogs.ar.messages['manage.error.reminderHours'] as string);
    expect(text).not.toContain('must be after');
    expect(text).toMatch(/name="reminderHours"[^>]*value="1000"/); // what was typed stays
    const fresh = await post('/ar/manage/events/new', leader, {
      ...base,
      title_ar: 'طبخ مشترك',
      date: '2031-04-02',
      end: '16:00',
      repeat: 'weekly',
      until: '2031-05-01',
      skip: '2031-04-16',
    });
    expect(fresh.status).toBe(422);
    const kept = await fresh.text();
    for (const typed of [
      'value="طبخ مشترك"',
      'value="2031-04-02"',
      'value="2031-05-01"',
      'value="2031-04-16"',
      '<option value="weekly" selected',
    ])
      expect(kept).toContain(typed);
    const endBefore = await post(edit, leader, { ...base, end: '16:00' });
    expect(endBefore.status).toBe(422);
    expect(await endBefore.text()).toContain(catalogs.ar.messages['manage.error.end'] as string);
    // A monthly repeat's "which weekday" outside 1st–4th or last is a field message, not a failed insert.
    for (const nth of ['5', '0', '-2', 'constructor']) {
      const monthly = await post('/ar/manage/events/new', leader, {
        ...base,
        date: '2031-04-02',
        end: '19:00',
        repeat: 'monthly',
        nth,
        until: '2031-08-01',
      });
      expect(monthly.status).toBe(422);
      const page = await monthly.text();
      expect(page).toContain(catalogs.ar.messages['manage.error.nth'] as string);
      expect(page).toMatch(/<select id="ef-nth" name="nth" aria-invalid="true"/);
    }

    expect(
      (await post(edit, leader, { ...base, end: '19:00', reminderHours: '3', morningReminder: 'no', bring_fi: 'Oma esiliina' })).status,
    ).toBe(303);
    const after = await html(edit, leader);
    // What to bring is on the form, so saving the form keeps it (and can change it).
    expect(after).toMatch(/<textarea [^>]*name="bring_fi"[^>]*>Oma esiliina<\/textarea>/);
    expect(after).toMatch(/name="reminderHours"[^>]*value="3"/);
    expect(after).toMatch(/<option value="no" selected/);
  });

  it('every change above is in the change log, in words', async () => {
    const log = await html('/fi/manage/admin/audit', admin);
    for (const action of [
      'place.add',
      'place.update',
      'category.add',
      'group.add',
      'group.update',
      'token.create',
      'token.revoke',
      'user.disable',
      'user.enable',
      'password.set',
      'password.remove',
      'hub.reminders',
    ]) {
      expect(log).toContain(fi[`audit.action.${action}`]);
      expect(log).not.toContain(action);
    }
  });
});

describe('input the database would refuse', () => {
  it('a NUL or a forged cursor gets an answer, never a 500, and nothing typed is lost', async () => {
    for (const path of ['/api/v1/events?q=%00', '/calendar.ics?q=caf%00e', '/fi/embed?q=%00', '/fi/events?q=%00&group=%00x']) {
      expect((await fetch(server.url + path)).status, path).toBe(200);
    }
    for (const path of ['/fi/events/a%00b', '/fi/events/a%00b.ics', '/fi/places/%00', '/fi/groups/x%00']) {
      expect((await fetch(server.url + path)).status, path).toBe(404);
    }
    const forged = Buffer.from('0000-01-01T00:00:00.000Z|3b9f6c6e-2f7a-4d6c-9a51-0c2b2d1e4f00').toString('base64url');
    expect((await fetch(`${server.url}/api/v1/events?cursor=${forged}`)).status).toBe(400);
    const saved = await post('/fi/manage/admin/categories/new', admin, { slug: 'nul-test', name_fi: 'Nol\u0000la', position: '\u00001' });
    expect(saved.status).toBe(303);
    expect(await html('/fi/manage/admin/categories', admin)).toContain('>Nolla<');
  });
});

describe('the new pages in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('have no serious accessibility findings, in Finnish and in Arabic', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const [name, value] = admin.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const findings: string[] = [];
    for (const path of ['/fi/manage/admin/places/new', '/ar/manage/admin/groups/new', '/ar/manage/account', '/fi/manage/admin']) {
      await page.goto(server.url + path);
      expect(await page.getAttribute('html', 'lang')).toBe(path.slice(1, 3));
      const violations = await axeViolations(page);
      findings.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}`));
    }
    expect(findings).toEqual([]);
    await context.close();
  });
});

describe("the operator's retention command", () => {
  it("runs on the server's data and says what it removed; a bad --days is one clear line", async () => {
    await server.stop({ keepData: true });
    expect(cli(server.storage, ['retention', 'run', '--days', '30'])).toMatch(
      /^Removed the personal data of \d+ sign-up\(s\) of events that ended before \d{4}-\d\d-\d\dT[\d:.]+Z; deleted \d+ old email\(s\) from the outbox and \d+ email file\(s\)\.$/,
    );
    expect(() => cli(server.storage, ['retention', 'run', '--days', 'soon'])).toThrow(
      /--days must be a whole number of days from 1 to 3650\n?$/,
    );
  });
});
