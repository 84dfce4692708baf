import { TZDate } from '@date-fns/tz';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories } from '#db/schema/categories.ts';
import { hubs } from '#db/schema/hubs.ts';
import { users } from '#db/schema/users.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { addAccounts, cli, formHeaders, signInByLink } from '../setup/accounts.ts';
import { openStorage } from '../setup/db.ts';
import { HELSINKI } from '../setup/fixtures.ts';
import { newStorage, startServer, type RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

const smtp = new TestSmtp();
let server: RunningServer;
let eventId = '';
let translator = '';
const slug = 'kaannostesti';

beforeAll(async () => {
  await smtp.start();
  const storage = await newStorage('demo');
  // The operator's way in: the CLI gives the role and the languages.
  expect(cli(storage, ['user', 'add', '--email', 'Kaantaja@example.org', '--role', 'translator', '--languages', 'ar'])).toBe(
    'Added translator kaantaja@example.org',
  );
  await addAccounts(storage, [{ email: 'koordinaattori@example.org', role: 'admin' }]);
  const handle = await openStorage(storage);
  try {
    const [user] = await handle.db.select().from(users).where(eq(users.email, 'kaantaja@example.org'));
    expect(user).toMatchObject({ role: 'translator', translates: ['ar'] });
    const [hub] = await handle.db.select().from(hubs);
    const [category] = await handle.db.select().from(categories).where(eq(categories.hubId, hub!.id));
    const start = new TZDate(Date.now() + 3 * 86_400_000, HELSINKI);
    start.setHours(18, 0, 0, 0);
    const [made] = await insertEvents(handle.db, [
      {
        hubId: hub!.id,
        categoryId: category!.id,
        slug,
        title: { fi: 'Käännöstesti', en: 'Translation test' },
        description: { fi: 'Tule kokeilemaan.', en: 'Come and try.' },
        startsAt: start,
        endsAt: new Date(start.getTime() + 7_200_000),
        mode: 'dropin',
      },
    ]);
    eventId = made!.id;
  } finally {
    await handle.close();
  }
  server = await startServer({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, storage);
  translator = await signInByLink(server, smtp, 'kaantaja@example.org');
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

const get = (path: string, cookie = translator) => fetch(server.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
const post = (path: string, body: Record<string, string>, cookie = translator) =>
  fetch(server.url + path, { method: 'POST', headers: formHeaders(server, cookie), body: new URLSearchParams(body), redirect: 'manual' });

describe('a translator of Arabic, with plain form posts', () => {
  it('finds the event in the queue, saves the Arabic texts, and the page and the feed show them', async () => {
    const menu = await (await get('/en/manage')).text();
    expect(menu).toContain('href="/en/manage/translations"');
    const languages = await (await get('/en/manage/translations')).text();
    expect(languages).toContain('href="/en/manage/translations/ar"');
    expect(languages).not.toContain('href="/en/manage/translations/fa"');
    // No coverage table: that is the coordinator's.
    expect(languages).not.toContain('Coverage by language');

    const itemPath = `/en/manage/translations/ar/event/${eventId}`;
    expect(await (await get('/en/manage/translations/ar')).text()).toContain(`href="${itemPath}"`);
    const formPage = await (await get(itemPath)).text();
    // The source in the reader's language beside each box, and the boxes are written right to left.
    expect(formPage).toContain('Translation test');
    expect(formPage).toContain('Come and try.');
    expect(formPage).toMatch(/<input id="f-title" name="f-title" type="text" lang="ar" dir="rtl"/);

    const saved = await post(itemPath, { 'f-title': 'اختبار الترجمة', 'f-description': 'تعالوا وجرّبوا.' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/en/manage/translations/ar?saved=1');
    const after = await (await get('/en/manage/translations/ar?saved=1')).text();
    expect(after).toContain('Translation saved.');
    expect(after).not.toContain(eventId);

    const page = await (await fetch(`${server.url}/ar/events/${slug}`)).text();
    expect(page).toContain('اختبار الترجمة');
    expect(page).toContain('تعالوا وجرّبوا.');
    const feed = await (await fetch(`${server.url}/calendar.ics?lang=ar`)).text();
    expect(feed.replace(/\r\n[ \t]/g, '')).toContain('SUMMARY:اختبار الترجمة');
    // The Finnish text is untouched.
    expect(await (await fetch(`${server.url}/fi/events/${slug}`)).text()).toContain('Käännöstesti');
  });

  it('cannot write Finnish, edit the event, read its attendees or open the admin pages', async () => {
    const fi = await post(`/fi/manage/translations/fi/event/${eventId}`, { 'f-title': 'Muutettu' });
    expect(fi.status).toBe(403);
    expect((await get(`/fi/manage/translations/fi`)).status).toBe(403);
    expect((await get(`/fi/manage/events/${eventId}/edit`)).status).toBe(403);
    // A complete, valid form (an incomplete one is answered 422 before anyone is asked).
    const edit = await post(`/fi/manage/events/${eventId}/edit`, {
      title_fi: 'Muutettu',
      category: 'cooking',
      group: '',
      place: '',
      date: '2031-05-06',
      start: '18:00',
      end: '20:00',
      mode: 'signup',
      capacity: '99',
      maxPartySize: '2',
      cost: '',
      audience: 'everyone',
    });
    expect(edit.status).toBe(403);
    expect((await get(`/fi/manage/events/${eventId}`)).status).toBe(403);
    expect((await get(`/fi/manage/events/${eventId}/attendees.csv`)).status).toBe(403);
    expect((await get('/fi/manage/admin')).status).toBe(403);
    expect(await (await fetch(`${server.url}/fi/events/${slug}`)).text()).toContain('Käännöstesti');
    // Nobody signed in is sent to the login page.
    const anonymous = await fetch(`${server.url}/fi/manage/translations/ar/event/${eventId}`, {
      method: 'POST',
      headers: formHeaders(server),
      body: new URLSearchParams({ 'f-title': 'x' }),
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/fi/login');
  });

  it('an unknown item or language is a 404, a too long text a localized 422', async () => {
    expect((await get(`/fi/manage/translations/xx`)).status).toBe(404);
    expect((await get(`/fi/manage/translations/ar/event/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await get(`/fi/manage/translations/ar/signup/${eventId}`)).status).toBe(404);
    const long = await post(`/ar/manage/translations/ar/event/${eventId}`, { 'f-title': 'ا'.repeat(5_001) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('النص طويل جدًا');
  });
});

describe('the coordinator', () => {
  it('makes someone a translator of chosen languages on the people form and sees the coverage', async () => {
    const admin = await signInByLink(server, smtp, 'koordinaattori@example.org');
    const body = new URLSearchParams({ email: 'uusi@example.org', name: 'Uusi', role: 'translator', groups: '' });
    body.append('languages', 'fa');
    body.append('languages', 'so');
    body.append('languages', 'xx');
    const added = await fetch(`${server.url}/fi/manage/admin`, {
      method: 'POST',
      headers: formHeaders(server, admin),
      body,
      redirect: 'manual',
    });
    expect(added.status).toBe(303);
    const people = await (await get('/fi/manage/admin', admin)).text();
    expect(people).toMatch(/uusi@example\.org<\/a><\/td><td dir="auto">Uusi<\/td><td>Kääntäjä</);
    const personId = people.match(/href="\/fi\/manage\/admin\/users\/([0-9a-f-]{36})">uusi@example\.org/)![1]!;
    const person = await (await get(`/fi/manage/admin/users/${personId}`, admin)).text();
    expect(person).toMatch(/<input type="checkbox" name="languages" value="fa" checked/);
    expect(person).toMatch(/<input type="checkbox" name="languages" value="so" checked/);
    expect(person).toMatch(/<input type="checkbox" name="languages" value="ar">/);

    const coverage = await (await get('/en/manage/translations', admin)).text();
    expect(coverage).toContain('Coverage by language');
    // Every upcoming demo event has a Finnish title; the test event now an Arabic one too.
    expect(coverage).toMatch(/<td>Finnish<\/td><td>(\d+) \/ \1<\/td><td>100%<\/td>/);
    expect(coverage).toMatch(/<td>Arabic<\/td><td>[1-9]\d* \/ \d+<\/td>/);
  });
});
