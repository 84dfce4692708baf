import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { signups } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { addDays, hubDay, startOfHubDay } from '#features/events/hub-days.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { catalogs } from '#i18n/catalog.ts';
import { formHeaders, signInByLink, startPreparedServer } from '../setup/accounts.ts';
import type { RunningServer } from '../setup/server.ts';
import { axeViolations, launchBrowser } from '../setup/browser.ts';
import { TestSmtp } from '../setup/smtp.ts';

// The leaders' and coordinator's day (decision 029): the manage page starts with today, a way
// back from every manage page, attendance per person, nameless walk-ins, the coordinator's pages
// in words, and the "add person" form.
const smtp = new TestSmtp();
let server: RunningServer;
let leader = '';
let admin = '';
let groupId = '';
let today = '';
const ids: Record<'today' | 'tomorrow' | 'inThreeDays' | 'nextWeek', string> = { today: '', tomorrow: '', inThreeDays: '', nextWeek: '' };
let party = '';
let single = '';

const fi = catalogs.fi.messages as Record<string, string>;
const ar = catalogs.ar.messages as Record<string, string>;
const get = (path: string, cookie: string) => fetch(server.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
const html = async (path: string, cookie: string) => (await get(path, cookie)).text();
const post = (path: string, cookie: string, fields: [string, string][]) =>
  fetch(server.url + path, { method: 'POST', headers: formHeaders(server, cookie), body: new URLSearchParams(fields), redirect: 'manual' });
const parseCsv = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));

beforeAll(async () => {
  await smtp.start();
  ({ server } = await startPreparedServer({
    env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' },
    accounts: [
      { email: 'day-leader@example.org', role: 'leader', groups: ['day-group'] },
      { email: 'day-admin@example.org', role: 'admin' },
    ],
    prepare: async (db) => {
      const [hub] = await db.select().from(hubs);
      const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
      const [group] = await db
        .insert(groups)
        .values({ hubId: hub!.id, slug: 'day-group', name: { fi: 'Päivän ryhmä', ar: 'مجموعة اليوم' } })
        .returning();
      groupId = group!.id;
      const tz = hub!.timezone;
      today = hubDay(new Date(), tz);
      // Today's session began a minute after midnight: a session that has started stays "today".
      const at = (days: number, minutes: number) => new Date(startOfHubDay(addDays(today, days), tz).getTime() + minutes * 60_000);
      const plan = [
        ['nextWeek', 9, 600, 'Ensi viikon kerho'],
        ['inThreeDays', 3, 600, 'Kolmen päivän päästä'],
        ['today', 0, 1, 'Tämän päivän kerho'],
        ['tomorrow', 1, 600, 'Huomisen kerho'],
      ] as const;
      for (const [key, days, minutes, title] of plan) {
        const [row] = await insertEvents(db, [
          {
            hubId: hub!.id,
            categoryId: category!.id,
            groupId,
            slug: `day-${key.toLowerCase()}`,
            title: { fi: title },
            startsAt: at(days, minutes),
            endsAt: at(days, minutes + 120),
            mode: 'signup',
            capacity: 20,
          },
        ]);
        ids[key] = row!.id;
      }
      // A party of three (2 adults, 1 child) and a person alone, signed up for today's session.
      const now = new Date();
      const rows = await db
        .insert(signups)
        .values([
          {
            eventId: ids.today,
            name: 'Kolmen seurue',
            email: 'party@example.org',
            adults: 2,
            children: 1,
            seats: 3,
            status: 'confirmed',
            language: 'fi',
            consentAt: now,
            confirmedAt: now,
          },
          {
            eventId: ids.today,
            name: 'Yksin tuleva',
            email: 'single@example.org',
            adults: 1,
            seats: 1,
            status: 'confirmed',
            language: 'fi',
            consentAt: now,
            confirmedAt: now,
          },
        ])
        .returning({ id: signups.id });
      party = rows[0]!.id;
      single = rows[1]!.id;
      await db.update(events).set({ seatsTaken: 4 }).where(eq(events.id, ids.today));
      // A change log with codes in it: a series made by the system.
      await recordChange(db, { userId: null, action: 'series.create', entity: 'series', hubId: hub!.id, details: { sessions: 6 } });
    },
  }));
  leader = await signInByLink(server, smtp, 'day-leader@example.org');
  admin = await signInByLink(server, smtp, 'day-admin@example.org');
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('the manage page starts with the day', () => {
  it("shows today's sessions first, then the week, then later ones, with counts and a link to the list", async () => {
    const page = await html('/fi/manage', leader);
    const at = (id: string) => page.indexOf(`data-event="${id}"`);
    for (const id of Object.values(ids)) expect(at(id)).toBeGreaterThan(-1);
    expect(at(ids.today)).toBeLessThan(at(ids.tomorrow));
    expect(at(ids.tomorrow)).toBeLessThan(at(ids.inThreeDays));
    expect(at(ids.inThreeDays)).toBeLessThan(at(ids.nextWeek));
    // Each in its own section.
    const section = (name: string) => page.indexOf(`data-agenda="${name}"`);
    expect(section('today')).toBeLessThan(at(ids.today));
    expect(at(ids.today)).toBeLessThan(section('week'));
    expect(section('week')).toBeLessThan(at(ids.tomorrow));
    expect(at(ids.inThreeDays)).toBeLessThan(section('later'));
    expect(section('later')).toBeLessThan(at(ids.nextWeek));
    // Today's card: how many are coming and the attendee list one tap away.
    const card = page.slice(at(ids.today), at(ids.tomorrow));
    expect(card).toContain('4/20');
    expect(card).toContain(`href="/fi/manage/events/${ids.today}"`);
  });

  it('a way back to the manage page from every manage page a coordinator can reach', async () => {
    const seen = new Set<string>();
    const perShape = new Map<string, number>();
    const queue = ['/fi/manage'];
    const checked: string[] = [];
    while (queue.length > 0 && checked.length < 60) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      // Two pages of each shape (every event page looks alike) keep the crawl short.
      const shape = path.replace(/[0-9a-f-]{36}/g, ':id');
      if ((perShape.get(shape) ?? 0) >= 2) continue;
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      const response = await get(path, admin);
      expect(response.status, path).toBe(200);
      const page = await response.text();
      if (path !== '/fi/manage') {
        const trail = page.match(/<nav class="breadcrumb[^"]*"[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? '';
        expect(trail, path).toContain('href="/fi/manage"');
        checked.push(path);
      }
      for (const [, href] of page.matchAll(/href="(\/fi\/manage[^"#?]*)["#?]/g)) {
        if (/\.(csv|eml|txt)$/.test(href!) || href === path) continue;
        if (!seen.has(href!)) queue.push(href!);
      }
    }
    // The crawl reached the coordinator's pages, an attendee list and its sub-pages.
    for (const shape of [
      '/fi/manage/admin',
      '/fi/manage/admin/audit',
      '/fi/manage/events/:id',
      '/fi/manage/events/:id/edit',
      '/fi/manage/reports',
    ])
      expect(checked.map((p) => p.replace(/[0-9a-f-]{36}/g, ':id'))).toContain(shape);
  });
});

describe('attendance per person and nameless walk-ins (plain form posts, no JavaScript)', () => {
  it('a party of three where two came counts 2 on the list, in the CSV and in the reports; a walk-in of 1 adult and 2 children counts 3', async () => {
    const listPath = `/fi/manage/events/${ids.today}`;
    const before = await html(listPath, leader);
    // Two save buttons (top and bottom), the how-many choice for the party, none for a person alone.
    expect(before.match(new RegExp(`>${fi['manage.list.saveAttendance']}<`, 'g'))?.length).toBe(2);
    expect(before).toContain(`name="people_${party}"`);
    expect(before).not.toContain(`name="people_${single}"`);
    expect(before).toContain('src="/attendance.js"');

    const saved = await post(listPath, leader, [
      ['action', 'attendance'],
      ['came', party],
      [`people_${party}`, '2'],
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${listPath}?saved=attendance#result`);
    const after = await html(`${listPath}?saved=attendance`, leader);
    // The result is at the top of the page, before the list.
    const result = after.indexOf('id="result"');
    expect(result).toBeGreaterThan(-1);
    expect(after.indexOf(fi['manage.list.attendanceSaved']!)).toBeGreaterThan(result);
    expect(after.indexOf(fi['manage.list.attendanceSaved']!)).toBeLessThan(after.indexOf('data-attendance-form'));
    expect(after).toContain(fi['manage.list.cameCount']!.replace('{count}', '2'));
    expect(after).toMatch(new RegExp(`name="people_${party}">[\\s\\S]*?<option value="2" selected`));

    // A walk-in with no name, one tap: 1 adult, 2 children.
    const walkIn = await post(listPath, leader, [
      ['action', 'walk-in'],
      ['adults', '1'],
      ['children', '2'],
    ]);
    expect(walkIn.status).toBe(303);
    expect(walkIn.headers.get('location')).toBe(`${listPath}?saved=walk-in&people=3#result`);
    const withWalkIn = await html(listPath, leader);
    expect(withWalkIn).toContain(fi['manage.list.walkInNoName']);

    const csv = parseCsv(await (await get(`${listPath}/attendees.csv`, leader)).text());
    const header = csv[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    const byName = new Map(csv.slice(1).map((r) => [col(r, 'name'), r]));
    expect(col(byName.get('Kolmen seurue')!, 'attended_people')).toBe('2');
    expect(col(byName.get('Yksin tuleva')!, 'attended')).toBe('no');
    expect(col(byName.get('Yksin tuleva')!, 'attended_people')).toBe('0');
    const walk = byName.get('')!;
    expect(col(walk, 'walk_in')).toBe('yes');
    expect(col(walk, 'attended_people')).toBe('3');

    // The reports count people: 2 of the party + 3 walk-ins came; 1 of the party and the person alone did not.
    const report = parseCsv(
      await (await get(`/fi/manage/reports/attendance.csv?from=${today}&to=${today}&group=${groupId}`, leader)).text(),
    );
    const row = report.find((r) => r[0] === 'Päivän ryhmä')!;
    expect(row.slice(1, 4)).toEqual(['5', '2', '0']);
  });

  it('a walk-in without adults is refused with a clear message, at the top of the page', async () => {
    const response = await post(`/fi/manage/events/${ids.tomorrow}`, leader, [
      ['action', 'walk-in'],
      ['adults', '0'],
      ['children', '2'],
    ]);
    expect(response.status).toBe(422);
    const page = await response.text();
    const error = page.indexOf('class="error-summary"');
    expect(error).toBeGreaterThan(page.indexOf('id="result"'));
    expect(error).toBeLessThan(page.indexOf('data-attendance-form'));
  });
});

describe('the attendee list at the door, with JavaScript', () => {
  it('a tap anywhere on a row ticks it, unsaved ticks are shown, and every row is a big target', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const [name, value] = leader.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/fi/manage/events/${ids.today}`);
      const row = (text: string) => page.locator('[data-attendee]', { hasText: text });
      for (const label of await page.locator('[data-attendee] label.attend-toggle').all())
        expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      const note = page.locator('[data-unsaved]');
      expect(await note.isVisible()).toBe(false);
      const box = row('Yksin tuleva').locator('input[name=came]');
      expect(await box.isChecked()).toBe(false);
      // Outside the label: the row's script ticks the box.
      await row('Yksin tuleva').locator('[data-reach]').click();
      expect(await box.isChecked()).toBe(true);
      expect(await note.isVisible()).toBe(true);
      expect(await note.innerText()).toBe(fi['manage.list.unsaved']);
      await page.locator('form[data-attendance-form] button[type=submit]').first().click();
      await page.waitForURL(/saved=attendance/);
      expect(await page.locator('[data-unsaved]').isVisible()).toBe(false);
      expect(await row('Yksin tuleva').locator('input[name=came]').isChecked()).toBe(true);
      // 2 of the party and the person alone.
      expect(await page.locator('#result').innerText()).toContain(fi['manage.list.cameCount']!.replace('{count}', '6'));
      // The new pages have no serious or critical accessibility finding, in Finnish and in Arabic.
      const findings: string[] = [];
      for (const path of ['/fi/manage', `/fi/manage/events/${ids.today}`, '/ar/manage', `/ar/manage/events/${ids.today}`]) {
        await page.goto(server.url + path);
        const violations = await axeViolations(page);
        findings.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path} ${v.id}`));
      }
      expect(findings).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  });
});

describe("the coordinator's pages speak words, not codes", () => {
  it.each([
    ['fi', fi],
    ['ar', ar],
  ] as const)('the change log and the outbox in %s', async (lang, messages) => {
    const audit = await html(`/${lang}/manage/admin/audit`, admin);
    expect(audit).toContain(messages['audit.action.series.create']);
    expect(audit).toContain(messages['audit.action.sign-in.success']);
    expect(audit).toContain(messages['audit.action.attendance.mark']);
    const outbox = await html(`/${lang}/manage/admin/outbox`, admin);
    expect(outbox).toContain(messages['outbox.kind.login-link']);
    for (const page of [audit, outbox])
      for (const code of [
        'login-link',
        'series.create',
        'sign-in.success',
        'attendance.mark',
        'signup.walk-in',
        '"method"',
        '>sent<',
        '>pending<',
      ])
        expect(page).not.toContain(code);
  });
});

describe('the "add person" form', () => {
  it('starts at the least powerful role and saves the groups ticked from the list', async () => {
    const page = await html('/fi/manage/admin', admin);
    const select = page.match(/<select id="u-role"[\s\S]*?<\/select>/)![0];
    expect(select.match(/<option value="(\w+)" selected/)?.[1]).toBe('translator');
    expect(select).not.toMatch(/value="admin" selected/);
    expect(page).not.toContain('name="groups" type="text"');
    expect(page).toContain(`name="groups" value="${groupId}"`);

    const added = await post('/fi/manage/admin', admin, [
      ['email', 'new-partner@example.org'],
      ['name', 'Uusi kumppani'],
      ['role', 'partner'],
      ['groups', groupId],
    ]);
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/fi/manage/admin?saved=person#result');
    const list = await html('/fi/manage/admin', admin);
    const personId = list.match(/href="\/fi\/manage\/admin\/users\/([0-9a-f-]{36})">new-partner@example\.org/)![1]!;
    const person = await html(`/fi/manage/admin/users/${personId}`, admin);
    expect(person).toMatch(new RegExp(`name="groups" value="${groupId}" checked`));

    // A group that is not the hub's is refused, and nothing is added.
    const wrong = await post('/fi/manage/admin', admin, [
      ['email', 'nobody@example.org'],
      ['role', 'partner'],
      ['groups', '00000000-0000-4000-8000-000000000000'],
    ]);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain(fi['admin.groupsInvalid']);
    expect(await html('/fi/manage/admin', admin)).not.toContain('nobody@example.org');
  });
});
