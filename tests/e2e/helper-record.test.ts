import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { feedbackLinks } from '#db/schema/feedback.ts';
import { groups } from '#db/schema/groups.ts';
import { helperOffers } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { series } from '#db/schema/series.ts';
import type { Actor } from '#features/auth/policy.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { addTask, cancelOffer, createOffer, decideOffer, eraseHelper, setHours } from '#features/helpers/mutations.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { translator } from '#i18n/translate.ts';
import { hashToken, newToken } from '#lib/tokens.ts';
import { issueProfileLink } from '#features/helper-profiles/links.ts';
import { addSignedInUser, formHeaders, startPreparedServer } from '../setup/accounts.ts';
import { addActor, HELSINKI, signupInput } from '../setup/fixtures.ts';
import { pdfLines } from '../setup/pdf.ts';
import type { RunningServer } from '../setup/server.ts';
import { TestSmtp } from '../setup/smtp.ts';

/*
 * A helper's record and certificate (decision 031), from a known data set on a real server:
 * what the certificate says, read back from the PDF, and that a link shows its holder's record
 * and nobody else's.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const smtp = new TestSmtp();
let server: RunningServer;

type Title = { fi: string; en: string };
type Row = { start: Date; title: Title; task: Title; minutes: number };
// What A's certificate must list: a series of three sessions and one other task.
const counted: Row[] = [];
const A = { name: 'Łukasz Ковальчук', email: 'lukasz@example.org' };
const B = { name: 'Borys Žák', email: 'borys@example.org' };
const COORDINATOR = 'Zofia Świątek';
const SERIES: Title = { fi: 'Ruokapiiri Żurek', en: 'Cooking circle Żurek' };
const ONLY_B: Title = { fi: 'Borysin ilta', en: 'Evening of Borys' };
const DECLINED: Title = { fi: 'Retki Nuuksioon', en: 'Trip to Nuuksio' };
const CANCELLED: Title = { fi: 'Siivoustalkoot', en: 'Clean-up day' };
const COFFEE: Title = { fi: 'Kahvinkeitto', en: 'Making coffee' };
const B_MINUTES = 47;
const ids = {
  hubName: '',
  futureSlug: '',
  cookingEvent: '',
  aToken: '',
  bToken: '',
  erasedToken: '',
  signupToken: '',
  feedbackToken: '',
  profileToken: '',
};
const cookies: Record<string, string> = {};

const tokenIn = (url: unknown) => String(url).match(/\/helper\/([A-Za-z0-9_-]+)/)![1]!;

/** The link a helper's first message carried (the outbox row the worker sends). */
async function linkOf(db: Db, email: string): Promise<string> {
  const rows = await db.select().from(outbox).where(eq(outbox.recipient, email));
  const first = rows.find((r) => r.kind === 'helper-offered')!;
  return tokenIn((first.payload as { manageUrl: string }).manageUrl);
}

async function prepare(db: Db) {
  const [hub] = await db.select().from(hubs);
  ids.hubName = hub!.name;
  const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
  const [cooking] = await db.select().from(groups).where(eq(groups.slug, 'cooking-together'));
  const [cafe] = await db.select().from(groups).where(eq(groups.slug, 'cafe'));
  // The coordinator on the certificate is the first admin with a name.
  await addActor(db, { hubId: hub!.id, email: 'nameless-admin@example.org', role: 'admin' });
  const admin: Actor = await addActor(db, { hubId: hub!.id, email: 'coordinator@example.org', role: 'admin', name: COORDINATOR });
  await addActor(db, { hubId: hub!.id, email: 'later-admin@example.org', role: 'admin', name: 'Later Admin' });
  cookies.cookLeader = (
    await addSignedInUser(db, { hubId: hub!.id, email: 'cook-leader@example.org', role: 'leader', groupId: cooking!.id })
  ).cookie;
  cookies.otherLeader = (
    await addSignedInUser(db, { hubId: hub!.id, email: 'cafe-leader@example.org', role: 'leader', groupId: cafe!.id })
  ).cookie;

  ids.profileToken = await issueProfileLink(db, hub!.id, { email: 'profile-typo@example.org', phone: null }, 'ar');

  const now = Date.now();
  const [weekly] = await db
    .insert(series)
    .values({
      hubId: hub!.id,
      groupId: cooking!.id,
      frequency: 'weekly',
      weekday: 1,
      startTime: '17:00',
      durationMinutes: 120,
      firstDate: '2020-01-01',
      lastDate: '2020-01-15',
    })
    .returning();
  const event = async (slug: string, title: Title, start: number, extra: { seriesId?: string; occurrence?: string } = {}) => {
    const [row] = await insertEvents(db, [
      {
        hubId: hub!.id,
        categoryId: category!.id,
        groupId: cooking!.id,
        slug,
        title,
        startsAt: new Date(start),
        endsAt: new Date(start + 2 * HOUR),
        mode: 'dropin',
        ...extra,
      },
    ]);
    return row!.id;
  };
  // Offers were made and confirmed before each event; hours are confirmed after it.
  const helpOn = async (eventId: string, start: number, task: { kind: 'cook' | 'custom' | 'driver' | 'setup'; name?: Title }) => {
    const added = await addTask(db, admin, eventId, { kind: task.kind, language: null, name: task.name ?? {}, needed: 3 });
    if (added.kind !== 'added') throw new Error(added.kind);
    const before = new Date(start - 5 * DAY);
    const offer = async (who: { name: string; email: string }, language: 'fi' | 'en') => {
      const made = await createOffer(
        db,
        { taskId: added.taskId, name: who.name, email: who.email, phone: null, spoken: [], language },
        before,
      );
      if (made.kind !== 'offered') throw new Error(made.kind);
      const rows = await db.select().from(helperOffers).where(eq(helperOffers.taskId, added.taskId));
      return rows.find((r) => r.email === who.email && !r.decoy)!.id;
    };
    return { taskId: added.taskId, before, offer };
  };
  const confirm = async (eventId: string, offerId: string, before: Date, minutes: number) => {
    expect((await decideOffer(db, admin, eventId, offerId, 'confirm', before)).kind).toBe('confirmed');
    expect((await setHours(db, admin, eventId, offerId, minutes)).kind).toBe('saved');
  };

  // The series: three weekly sessions, A confirmed on each with their own hours; B on the first.
  const seriesMinutes = [120, 150, 105];
  for (const [i, minutes] of seriesMinutes.entries()) {
    const start = now - (21 - 7 * i) * DAY;
    const id = await event(`zurek-${i + 1}`, SERIES, start, { seriesId: weekly!.id, occurrence: `2020-01-0${i + 1}` });
    const help = await helpOn(id, start, { kind: 'cook' });
    await confirm(id, await help.offer(A, 'fi'), help.before, minutes);
    counted.push({ start: new Date(start), title: SERIES, task: { fi: 'Kokki', en: 'Cook' }, minutes });
    if (i === 0) await confirm(id, await help.offer(B, 'en'), help.before, B_MINUTES);
  }
  // One other task: making coffee at a party, 1 h 30 min.
  const partyStart = now - 10 * DAY;
  const party = await event('spring-party', { fi: 'Kevätjuhla', en: 'Spring party' }, partyStart);
  const coffee = await helpOn(party, partyStart, { kind: 'custom', name: COFFEE });
  await confirm(party, await coffee.offer(A, 'fi'), coffee.before, 90);
  counted.push({ start: new Date(partyStart), title: { fi: 'Kevätjuhla', en: 'Spring party' }, task: COFFEE, minutes: 90 });
  // Declined, and cancelled by A after a confirmation: neither counts.
  const tripStart = now - 12 * DAY;
  const trip = await event('trip', DECLINED, tripStart);
  const driving = await helpOn(trip, tripStart, { kind: 'driver' });
  expect((await decideOffer(db, admin, trip, await driving.offer(A, 'fi'), 'decline', driving.before)).kind).toBe('declined');
  const cleanStart = now - 8 * DAY;
  const clean = await event('clean-up', CANCELLED, cleanStart);
  const setup = await helpOn(clean, cleanStart, { kind: 'setup' });
  const cancelled = await setup.offer(A, 'fi');
  expect((await decideOffer(db, admin, clean, cancelled, 'confirm', setup.before)).kind).toBe('confirmed');
  expect((await cancelOffer(db, cancelled, setup.before)).kind).toBe('cancelled');
  // B alone, on an event A never helped at.
  const bStart = now - 9 * DAY;
  const bEvent = await event('borys-evening', ONLY_B, bStart);
  const bHelp = await helpOn(bEvent, bStart, { kind: 'setup' });
  await confirm(bEvent, await bHelp.offer(B, 'en'), bHelp.before, B_MINUTES);
  // A coming event where A has offered: a stranger will offer again with A's address.
  const futureStart = now + 10 * DAY;
  ids.cookingEvent = await event('future-help', { fi: 'Tuleva ilta', en: 'Coming evening' }, futureStart);
  ids.futureSlug = 'future-help';
  const future = await helpOn(ids.cookingEvent, futureStart, { kind: 'cook' });
  const made = await createOffer(db, { taskId: future.taskId, name: A.name, email: A.email, phone: null, spoken: [], language: 'fi' });
  if (made.kind !== 'offered') throw new Error(made.kind);

  ids.aToken = await linkOf(db, A.email);
  ids.bToken = await linkOf(db, B.email);
  // Someone who helped once and deleted their data: their old link opens nothing.
  const gone = await helpOn(party, partyStart, { kind: 'setup' });
  const goneOffer = await gone.offer({ name: 'Poistunut', email: 'gone@example.org' }, 'fi');
  ids.erasedToken = await linkOf(db, 'gone@example.org');
  await eraseHelper(db, [goneOffer]);

  // Links of other purposes: a sign-up's manage link and a feedback link.
  const signupEvent = await insertEvents(db, [
    {
      hubId: hub!.id,
      categoryId: category!.id,
      slug: 'signup-evening',
      title: { fi: 'Ilmoittautumisilta' },
      startsAt: new Date(now + 4 * DAY),
      endsAt: new Date(now + 4 * DAY + 2 * HOUR),
      mode: 'signup',
      capacity: 10,
    },
  ]);
  const signup = await createSignup(db, signupEvent[0]!.id, signupInput({ name: A.name, email: A.email }));
  if (signup.kind !== 'confirmed') throw new Error(signup.kind);
  ids.signupToken = signup.token;
  ids.feedbackToken = newToken();
  await db
    .insert(feedbackLinks)
    .values({ tokenHash: hashToken(ids.feedbackToken), eventId: signupEvent[0]!.id, signupId: signup.signupId, language: 'fi' });
}

beforeAll(async () => {
  await smtp.start();
  ({ server } = await startPreparedServer({ env: { SMTP_URL: smtp.url, MAIL_POLL_MS: '100' }, prepare }));
});

afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

const get = (path: string, cookie?: string) => fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });

async function certificate(lang: 'fi' | 'en', token: string) {
  const response = await get(`/${lang}/helper/${token}/certificate.pdf`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Subset fonts: a certificate stays small.
  expect(bytes.length).toBeLessThan(80_000);
  return pdfLines(bytes);
}

describe('the certificate, read back from the PDF', () => {
  for (const lang of ['fi', 'en'] as const) {
    it(`in ${lang}: the helper, the hub, each confirmed row in ${lang}'s format, the total and the coordinator`, async () => {
      const lines = await certificate(lang, ids.aToken);
      const t = translator(lang);
      const locale = lang === 'fi' ? 'fi-FI' : 'en-GB';
      const day = new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        timeZone: HELSINKI,
      });
      const hours = (minutes: number) => (minutes / 60).toLocaleString(locale, { maximumFractionDigits: 2 });
      const text = lines.map((cells) => cells.join(' | ')).join('\n');

      expect(lines[0]).toEqual([t('certificate.title')]);
      // Non-WinAnsi letters (Ł, Cyrillic, Ś, Ż) come back as typed, never as "?".
      expect(text.replace(/\n/g, ' ')).toContain(t('certificate.intro', { name: A.name, hub: ids.hubName }));
      expect(text).not.toContain('?');
      const header = [t('certificate.date'), t('certificate.event'), t('certificate.task'), t('certificate.hours')];
      const at = lines.findIndex((cells) => cells.join() === header.join());
      expect(at).toBeGreaterThan(0);
      const expected = [...counted]
        .sort((a, b) => a.start.getTime() - b.start.getTime())
        .map((r) => [day.format(r.start), r.title[lang], r.task[lang], hours(r.minutes)]);
      expect(lines.slice(at + 1, at + 1 + expected.length)).toEqual(expected);
      // The series' sessions are in it with their own hours (2, 2.5, 1.75).
      expect(expected.filter((r) => r[1] === SERIES[lang]).map((r) => r[3])).toEqual([120, 150, 105].map(hours));
      const total = counted.reduce((sum, r) => sum + r.minutes, 0);
      expect(lines[at + 1 + expected.length]).toEqual([t('certificate.total', { hours: hours(total) })]);
      expect(text).toContain(COORDINATOR);
      expect(lines.at(-1)).toEqual([t('certificate.coordinator')]);
      expect(lines.at(-2)).toEqual([COORDINATOR]);
      // What does not count, and what is someone else's, is not there.
      for (const absent of [DECLINED[lang], CANCELLED[lang], ONLY_B[lang], B.name, B.email, A.email, 'Later Admin'])
        expect(text).not.toContain(absent);
    });
  }

  it('of a link that opens nothing (unknown, malformed, erased) is the localized 404 page', async () => {
    for (const [lang, token] of [
      ['fi', newToken()],
      ['en', 'short'],
      ['fi', ids.erasedToken],
      ['en', ids.erasedToken],
    ] as const) {
      const response = await get(`/${lang}/helper/${token}/certificate.pdf`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(translator(lang)('notFound.title'));
    }
  });

  it('in another interface language goes to the English one, whatever the link; an unknown language is a 404', async () => {
    for (const lang of ['sv', 'ar', 'so', 'ru', 'uk', 'fa']) {
      for (const token of [ids.aToken, newToken()]) {
        const response = await get(`/${lang}/helper/${token}/certificate.pdf`);
        expect(response.status).toBe(302);
        expect(response.headers.get('location')).toBe(`/en/helper/${token}/certificate.pdf`);
      }
    }
    const unknown = await get(`/xx/helper/${ids.aToken}/certificate.pdf`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<html lang="');
  });
});

describe('a helper sees only their own record', () => {
  it("A's page and certificate never show B's name, contact, events or hours, and the other way round", async () => {
    const [a, b] = await Promise.all([get(`/fi/helper/${ids.aToken}`), get(`/en/helper/${ids.bToken}`)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const aPage = await a.text();
    const bPage = await b.text();
    expect(aPage).toContain(A.name);
    expect(aPage).toContain(SERIES.fi);
    for (const absent of [B.name, B.email, ONLY_B.fi, ONLY_B.en]) expect(aPage).not.toContain(absent);
    expect(bPage).toContain(B.name);
    expect(bPage).toContain(ONLY_B.en);
    for (const absent of [A.name, A.email, COFFEE.en, COFFEE.fi, CANCELLED.en, DECLINED.en]) expect(bPage).not.toContain(absent);
    // B's hours: the shared session and B's own evening, nothing of A's.
    const bLines = (await certificate('en', ids.bToken)).map((cells) => cells.join(' | ')).join('\n');
    expect(bLines).toContain(B.name);
    expect(bLines).toContain(`Hours in all: ${((2 * B_MINUTES) / 60).toLocaleString('en-GB', { maximumFractionDigits: 2 })}`);
    for (const absent of [A.name, COFFEE.en]) expect(bLines).not.toContain(absent);
  });

  it("a stranger offering again with A's address sees what anyone sees; the link goes to A's address only", async () => {
    const form = await (await get(`/fi/events/${ids.futureSlug}/help`)).text();
    const task = form.match(/name="task" value="([0-9a-f-]{36})"/)![1]!;
    const offer = (name: string, email: string) =>
      fetch(`${server.url}/fi/events/${ids.futureSlug}/help`, {
        method: 'POST',
        headers: formHeaders(server),
        body: new URLSearchParams({ task, name, email, consent: 'on' }),
        redirect: 'manual',
      });
    const [repeat, fresh] = [await offer('Vieras', A.email), await offer('Uusi Auttaja', 'new-helper@example.org')];
    // The same answer as a new offer: no link, no name, no hint that the address is known.
    expect(repeat.status).toBe(303);
    expect(repeat.headers.get('location')).toBe(fresh.headers.get('location'));
    const answer = await (await get(repeat.headers.get('location')!)).text();
    expect(answer).not.toContain('/helper/');
    expect(answer).not.toContain(A.name);

    // A's address gets a fresh link to A's own offer (in A's language), the new helper theirs.
    const fi = translator('fi');
    const sent = (address: string, subject: string) =>
      smtp.received.filter((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === address && m.mail.subject === subject);
    const linkSubject = fi('mail.helperLink.subject', { event: 'Tuleva ilta' });
    await expect.poll(() => sent(A.email, linkSubject).length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => sent('new-helper@example.org', fi('mail.helperOffered.subject', { event: 'Tuleva ilta' })).length).toBe(1);
    expect(smtp.received.filter((m) => m.mail.subject === linkSubject)).toHaveLength(1);
    const toA = sent(A.email, linkSubject)[0]!.mail.text!;
    expect(toA).not.toContain('Vieras');
    const link = tokenIn(toA);
    const page = await (await get(`/fi/helper/${link}`)).text();
    expect(page).toContain(A.name);
    expect(page).not.toContain('Vieras');
    // Nothing went anywhere else about A.
    expect(smtp.received.every((m) => !m.mail.text?.includes(A.name) || (m.mail.to as { text: string }).text === A.email)).toBe(true);
  });

  it("the short address of text messages (/h/) leads to the helper's own page in the offer's language, and nowhere else", async () => {
    for (const [token, lang] of [
      [ids.aToken, 'fi'],
      [ids.bToken, 'en'],
    ] as const) {
      const short = await get(`/h/${token}`);
      expect(short.status).toBe(302);
      expect(short.headers.get('location')).toBe(`/${lang}/helper/${token}`);
      expect(short.headers.get('cache-control')).toContain('no-store');
    }
    const unknown = await get(`/h/${newToken()}`);
    expect(unknown.status).toBe(302);
    const target = await get(unknown.headers.get('location')!);
    expect(target.status).toBe(404);
    expect(await target.text()).not.toContain(A.name);
  });

  it("a sign-up's manage link and a feedback link open no helper page or certificate; a helper link opens no sign-up", async () => {
    for (const token of [ids.signupToken, ids.feedbackToken]) {
      expect(token.length).toBeGreaterThan(20);
      for (const path of [`/fi/helper/${token}`, `/en/helper/${token}/certificate.pdf`]) {
        const response = await get(path);
        expect(response.status).toBe(404);
        const html = await response.text();
        expect(html).not.toContain(A.name);
        expect(html).not.toContain(A.email);
      }
    }
    // The tokens were good for what they are for.
    expect((await get(`/fi/signup/${ids.signupToken}`)).status).toBe(200);
    expect((await get(`/fi/feedback/${ids.feedbackToken}`)).status).toBe(200);
    const crossed = await get(`/fi/signup/${ids.aToken}`);
    expect(crossed.status).toBe(404);
    expect(await crossed.text()).not.toContain(A.name);
  });

  it("a leader of another group gets the localized 403 on this group's helpers page, with no helper in it", async () => {
    for (const lang of ['fi', 'ar'] as const) {
      const response = await get(`/${lang}/manage/events/${ids.cookingEvent}/helpers`, cookies.otherLeader);
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`);
      expect(html).toContain(translator(lang)('manage.error.forbidden'));
      for (const absent of [A.name, A.email, 'new-helper@example.org']) expect(html).not.toContain(absent);
    }
  });

  it("keeps what the leader typed when a new task comes back with an error, in the page's language", async () => {
    const response = await fetch(`${server.url}/ar/manage/events/${ids.cookingEvent}/helpers`, {
      method: 'POST',
      headers: formHeaders(server, cookies.cookLeader),
      body: new URLSearchParams({ action: 'add-task', kind: 'custom', name_fi: 'Tiskivuoro', name_ar: 'غسل الصحون', needed: '0' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(translator('ar')('helpers.error.needed', { max: 50 }));
    expect(html).toContain('value="Tiskivuoro"');
    expect(html).toContain('value="غسل الصحون"');
    expect(html).toMatch(/<option value="custom" selected/);
  });

  it('profile and invitation links that open nothing refuse posts with the localized 404; a bad profile keeps what was typed and stores nothing', async () => {
    const post = (path: string, body: string[][]) =>
      fetch(server.url + path, { method: 'POST', headers: formHeaders(server), body: new URLSearchParams(body), redirect: 'manual' });
    for (const [path, body] of [
      [
        `/fi/helpers/profile/${newToken()}`,
        [
          ['action', 'save'],
          ['name', 'Vieras'],
          ['consent', 'on'],
        ],
      ],
      [`/ar/helpers/invitation/${newToken()}`, [['action', 'accept']]],
      ['/ar/helpers/invitation/not-a-token', [['action', 'accept']]],
    ] as const) {
      const refused = await post(
        path,
        body.map((pair) => [...pair]),
      );
      expect(refused.status, path).toBe(404);
      expect(await refused.text()).toContain(`<html lang="${path.split('/')[1]}"`);
    }
    const page = `/ar/helpers/profile/${ids.profileToken}`;
    const bad = await post(page, [
      ['action', 'save'],
      ['name', ''],
      ['note', 'أطبخ للجميع'],
      ['languages', 'xx'],
      ['consent', 'on'],
    ]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(translator('ar')('signup.error.nameRequired'));
    expect(html).toContain('أطبخ للجميع');
    const mine = await post(page, [['action', 'download']]);
    expect(mine.status).toBe(200);
    expect(JSON.parse(await mine.text())).toMatchObject({ contact: { email: 'profile-typo@example.org' }, profile: null });
  });
});
