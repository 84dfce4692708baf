import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#config';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { signups } from '#db/schema/signups.ts';
import { auditLog } from '#db/schema/users.ts';
import type { Actor } from '#features/auth/policy.ts';
import { createEvent } from '#features/events/editing.ts';
import { newEventSchema } from '#features/events/input.ts';
import { describeEvent } from '#features/feeds/describe.ts';
import { composeMessage } from '#features/mail/compose.ts';
import { deleteQuestion, moveQuestion, saveQuestion } from '#features/questions/mutations.ts';
import { listQuestions } from '#features/questions/queries.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { parseSignupInput } from '#features/signups/parse-input.ts';
import { getSignupRules } from '#features/signups/rules.ts';
import { DEFAULT_CONTENT_FALLBACK, parseContentFallback, pickWith, writingLanguage } from '#i18n/fallback.ts';
import { type Lang, uiLanguages } from '#i18n/languages.ts';
import { pick } from '#i18n/translate.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, makeHub, signupInput } from '../setup/fixtures.ts';

const chains = parseContentFallback(DEFAULT_CONTENT_FALLBACK);
if (typeof chains === 'string') throw new Error(chains);
// Every language written, so each step of a chain can be taken away in turn.
const all = Object.fromEntries(uiLanguages.map((l) => [l, `text in ${l}`]));
const without = (...langs: string[]) => Object.fromEntries(Object.entries(all).filter(([l]) => !langs.includes(l)));

describe('the fallback chain (decision 022)', () => {
  const expected: Record<Lang, Lang[]> = {
    fi: ['en'],
    sv: ['fi', 'en'],
    en: ['fi'],
    ar: ['en', 'fi'],
    so: ['en', 'fi'],
    ru: ['en', 'fi'],
    uk: ['en', 'fi'],
    fa: ['en', 'fi'],
  };
  it.each(uiLanguages)('%s: its own language, then its chain, never another language it did not ask for', (lang) => {
    expect(chains[lang]).toEqual(expected[lang]);
    expect(pickWith(all, lang, chains)).toEqual({ text: `text in ${lang}`, lang, fallback: false, lastResort: false });
    // Take away the visitor's language and each step of the chain in turn.
    const gone: string[] = [lang];
    for (const next of expected[lang]) {
      const others = uiLanguages.filter((l) => l !== lang && !expected[lang].includes(l));
      // Everything outside the chain is there and must not be chosen.
      const value = Object.fromEntries(Object.entries(without(...gone)).filter(([l]) => !gone.includes(l)));
      expect(pickWith(value, lang, chains)).toMatchObject({ lang: next, fallback: true, lastResort: false });
      expect(others.every((o) => value[o])).toBe(true);
      gone.push(next);
    }
    // Nothing in the chain: the text's own language, marked as a last resort, so nothing is blank.
    const source: Lang = lang === 'ar' ? 'fa' : 'ar';
    expect(pickWith({ [source]: 'only this' }, lang, chains)).toEqual({
      text: 'only this',
      lang: source,
      fallback: true,
      lastResort: true,
    });
    expect(pickWith({}, lang, chains)).toMatchObject({ text: '', fallback: false });
  });

  it('a Ukrainian reader of an event in Russian and Finnish gets Finnish, never Russian', () => {
    expect(pick({ ru: 'Встреча', fi: 'Tapaaminen' }, 'uk')).toMatchObject({
      text: 'Tapaaminen',
      lang: 'fi',
      fallback: true,
      lastResort: false,
    });
    expect(pick({ ru: 'Встреча', fi: 'Tapaaminen', en: 'Meeting' }, 'uk')).toMatchObject({ lang: 'en' });
    // Only Russian exists: it is the language the text was written in, shown as a last resort.
    expect(pick({ ru: 'Встреча' }, 'uk')).toMatchObject({ lang: 'ru', lastResort: true });
    // Blank texts count as missing.
    expect(pick({ uk: '  ', fi: 'Tapaaminen' }, 'uk')).toMatchObject({ lang: 'fi' });
  });

  it('is configurable per language; a bad value is one clear start-up line', () => {
    const custom = parseContentFallback('*=fi;uk=ru,en;sv=');
    if (typeof custom === 'string') throw new Error(custom);
    expect(custom.uk).toEqual(['ru', 'en']);
    expect(custom.sv).toEqual([]);
    expect(custom.so).toEqual(['fi']);
    expect(pickWith({ ru: 'Встреча', fi: 'Tapaaminen' }, 'uk', custom)).toMatchObject({ lang: 'ru', lastResort: false });
    expect(pickWith({ en: 'Meeting' }, 'sv', custom)).toMatchObject({ lang: 'en', lastResort: true });
    expect(parseConfig({ CONTENT_FALLBACK: 'sv=fi,en' }).contentFallback.sv).toEqual(['fi', 'en']);
    for (const [bad, says] of [
      ['uk=ru,xx', 'CONTENT_FALLBACK names "xx"'],
      ['klingon=fi', 'CONTENT_FALLBACK names "klingon"'],
      ['uk:fi', 'CONTENT_FALLBACK has "uk:fi"'],
      ['uk=fi,fi', 'CONTENT_FALLBACK repeats a language'],
    ])
      expect(() => parseConfig({ CONTENT_FALLBACK: bad })).toThrow(new ConfigError(`Invalid configuration: ${says}`).message);
  });

  it("the form's first language: the chosen one, else the leader's, else what the text is written in", () => {
    expect(writingLanguage({}, 'fi')).toBe('fi');
    expect(writingLanguage({ ar: 'نادي' }, 'fi')).toBe('ar');
    expect(writingLanguage({ ar: 'نادي', fi: 'Kerho' }, 'fi')).toBe('fi');
    expect(writingLanguage({ ar: 'نادي' }, 'fi', 'so')).toBe('so');
    expect(writingLanguage({ ar: 'نادي' }, 'fi', 'xx')).toBe('ar');
  });
});

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const actors: Record<string, Actor> = {};
const start = new Date(Date.now() + 10 * 86_400_000);
const base = (extra: Record<string, unknown>) =>
  newEventSchema.parse({
    category: 'cooking',
    group: 'cooks',
    start: start.toISOString(),
    end: new Date(start.getTime() + 7_200_000).toISOString(),
    mode: 'signup',
    capacity: 10,
    ...extra,
  });
const person = signupInput;

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  for (const [key, group] of [
    ['cooks', 'cooks'],
    ['cafe', 'cafe-group'],
  ] as const) {
    actors[key] = await addActor(handle.db, { hubId: ids.hub.id, email: `${key}@example.org`, role: 'leader', groupSlugs: [group] });
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('the same chain in calendars and email', () => {
  it('an event written in Russian and Finnish reaches a Ukrainian in Finnish; one only in Arabic in Arabic', async () => {
    const made = await createEvent(handle.db, actors.cooks!, base({ title: { ru: 'Встреча', fi: 'Tapaaminen' }, summary: { ru: 'Чай' } }));
    expect(made.kind).toBe('ok');
    const eventId = made.kind === 'ok' ? made.eventId : '';
    const [event] = await handle.db.select().from(events).where(eq(events.id, eventId));
    const entry = describeEvent({ event: event!, place: null } as Parameters<typeof describeEvent>[0], { lang: 'uk', url: 'https://x/uk' });
    expect(entry.title).toBe('Tapaaminen');
    // The summary exists only in Russian: shown as the text's own language, not left out.
    expect(entry.description).toContain('Чай');

    const signup = await createSignup(handle.db, eventId, person({ language: 'uk' }));
    expect(signup.kind).toBe('confirmed');
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.eventId, eventId));
    const mail = await composeMessage(handle.db, row!, parseConfig({ PUBLIC_URL: 'https://tori.example.fi' }));
    expect(mail.kind).toBe('send');
    if (mail.kind !== 'send') return;
    expect(mail.message.subject).toContain('Tapaaminen');
    expect(`${mail.message.subject}${mail.message.text}`).not.toContain('Встреча');

    const arabic = await createEvent(handle.db, actors.cooks!, base({ title: { ar: 'نادي الطبخ' }, slug: 'arabic-only' }));
    const arabicId = arabic.kind === 'ok' ? arabic.eventId : '';
    await createSignup(handle.db, arabicId, person({ language: 'fi' }));
    const [arabicRow] = await handle.db.select().from(outbox).where(eq(outbox.eventId, arabicId));
    const arabicMail = await composeMessage(handle.db, arabicRow!, parseConfig({ PUBLIC_URL: 'https://tori.example.fi' }));
    expect(arabicMail.kind === 'send' && arabicMail.message.subject).toContain('نادي الطبخ');
  });
});

describe("an event's own questions", () => {
  it('created with translated options, answered, edited: the answer still reads; another group’s leader may not', async () => {
    const made = await createEvent(handle.db, actors.cooks!, base({ title: { fi: 'Kysymystesti' }, slug: 'questions' }));
    const eventId = made.kind === 'ok' ? made.eventId : '';
    const saved = await saveQuestion(handle.db, actors.cooks!, eventId, null, {
      kind: 'choice',
      required: true,
      label: { fi: 'Ruokavalio', ar: 'النظام الغذائي' },
      options: [{ label: { fi: 'Kasvis', ar: 'نباتي' } }, { label: { fi: 'Halal', ar: 'حلال' } }, { label: {} }],
    });
    expect(saved.kind).toBe('ok');
    const questionId = saved.kind === 'ok' ? saved.questionId : '';
    const [q] = await listQuestions(handle.db, eventId);
    expect(q!.options).toHaveLength(2);
    expect(pick(q!.options[1]!.label, 'ar').text).toBe('حلال');
    const halal = q!.options[1]!.id;

    // A resident answers through the same parser the form and the API use.
    const rules = await getSignupRules(handle.db, eventId);
    const parsed = parseSignupInput({ name: 'Amina', email: 'amina@example.org', adults: '1', answers: { [questionId]: halal } }, rules!, {
      defaultLanguage: 'ar',
      requireConsent: false,
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await createSignup(handle.db, eventId, parsed.value);

    // The leader rewrites the label, adds an option and removes the chosen one.
    const options = q!.options.map((o) => ({ id: o.id, label: o.label as Record<string, string>, remove: o.id === halal }));
    const edited = await saveQuestion(handle.db, actors.cooks!, eventId, questionId, {
      kind: 'choice',
      required: true,
      label: { fi: 'Erityisruokavalio', ar: 'نظام غذائي خاص' },
      options: [...options, { label: { fi: 'Ei erityistä', ar: 'لا شيء' } }],
    });
    expect(edited.kind).toBe('ok');
    const [after] = await listQuestions(handle.db, eventId);
    expect(after!.options.map((o) => o.id).slice(0, 2)).toEqual(q!.options.map((o) => o.id));
    expect(after!.options.find((o) => o.id === halal)).toMatchObject({ removed: true, label: { fi: 'Halal', ar: 'حلال' } });
    expect(after!.options).toHaveLength(3);
    const [answer] = await handle.db.select({ answers: signups.answers }).from(signups).where(eq(signups.eventId, eventId));
    expect(answer!.answers[questionId]).toBe(halal);
    // A removed option is no longer offered to new sign-ups.
    expect((await getSignupRules(handle.db, eventId))!.questions[0]!.options.map((o) => o.id)).not.toContain(halal);
    // An answered question is not deleted and keeps its kind.
    expect(await deleteQuestion(handle.db, actors.cooks!, eventId, questionId)).toMatchObject({ kind: 'invalid' });
    expect(
      await saveQuestion(handle.db, actors.cooks!, eventId, questionId, { kind: 'text', required: false, label: { fi: 'x' }, options: [] }),
    ).toMatchObject({ kind: 'invalid', errors: { kind: 'answered' } });

    // Another group's leader: refused for every change.
    const input = { kind: 'yesno' as const, required: false, label: { fi: 'Tuletko?' }, options: [] };
    expect(await saveQuestion(handle.db, actors.cafe!, eventId, null, input)).toEqual({ kind: 'forbidden' });
    expect(await saveQuestion(handle.db, actors.cafe!, eventId, questionId, input)).toEqual({ kind: 'forbidden' });
    expect(await deleteQuestion(handle.db, actors.cafe!, eventId, questionId)).toEqual({ kind: 'forbidden' });

    // Reordering and deleting an unanswered question; each change is in the audit log.
    const second = await saveQuestion(handle.db, actors.cooks!, eventId, null, input);
    const secondId = second.kind === 'ok' ? second.questionId : '';
    expect((await moveQuestion(handle.db, actors.cooks!, eventId, secondId, 'up')).kind).toBe('ok');
    expect((await listQuestions(handle.db, eventId)).map((x) => x.id)).toEqual([secondId, questionId]);
    expect((await deleteQuestion(handle.db, actors.cooks!, eventId, secondId)).kind).toBe('ok');
    expect(await handle.db.select().from(eventQuestions).where(eq(eventQuestions.id, secondId))).toEqual([]);
    const audited = await handle.db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'event.questions'));
    expect(audited.map((a) => (a.details as { change: string }).change)).toEqual(['add', 'edit', 'add', 'move-up', 'delete']);
  });
});

describe('the sign-up window', () => {
  it('refuses before it opens and after it closes', async () => {
    const opens = new Date(Date.now() + 86_400_000);
    const closes = new Date(Date.now() + 2 * 86_400_000);
    const made = await createEvent(
      handle.db,
      actors.cooks!,
      base({ title: { fi: 'Ikkuna' }, slug: 'window', signupOpensAt: opens.toISOString(), signupClosesAt: closes.toISOString() }),
    );
    const eventId = made.kind === 'ok' ? made.eventId : '';
    expect(await createSignup(handle.db, eventId, person())).toEqual({ kind: 'not-open', opensAt: opens });
    expect((await createSignup(handle.db, eventId, person(), new Date(opens.getTime() + 1000))).kind).toBe('confirmed');
    expect(await createSignup(handle.db, eventId, person(), new Date(closes.getTime() + 1000))).toEqual({ kind: 'closed' });
  });
});
