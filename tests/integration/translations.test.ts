import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { auditLog } from '#db/schema/users.ts';
import { can, type Actor } from '#features/auth/policy.ts';
import { submitTranslation } from '#features/translations/mutations.ts';
import { getTranslationForm, listQueue, translationCoverage } from '#features/translations/queries.ts';
import type { Lang } from '#i18n/languages.ts';
import { createTestDatabase, usingPostgres } from '../setup/db.ts';
import { addActor, makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let main: Awaited<ReturnType<typeof makeHub>>;
let other: Awaited<ReturnType<typeof makeHub>>;
const actors: Record<string, Actor> = {};
const ids: Record<string, string> = {};
const future = new Date('2031-05-06T15:00:00Z');
const past = new Date('2020-05-06T15:00:00Z');

const eventId = async (slug: string, hubId = main.hub.id) =>
  (
    await handle.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.slug, slug), eq(events.hubId, hubId)))
  )[0]!.id;

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

const save = (
  actor: Actor,
  kind: 'event' | 'group' | 'place',
  id: string,
  language: Lang,
  fields: Record<string, string>,
  hubId = main.hub.id,
) => submitTranslation(handle.db, actor, { hubId, kind, id, language, form: form(fields) });

const queue = async (actor: Actor, language: Lang) =>
  (await listQueue(handle.db, actor, { hubId: main.hub.id, language, now: new Date() })).map((i) => `${i.kind}:${i.id}`);

beforeAll(async () => {
  handle = await createTestDatabase();
  main = await makeHub(handle.db, 'main');
  other = await makeHub(handle.db, 'other');
  for (const [key, role, group, languages] of [
    ['admin', 'admin', [], []],
    ['cooks', 'leader', ['cooks'], []],
    ['ar', 'translator', [], ['ar']],
    ['arfa', 'translator', [], ['ar', 'fa']],
  ] as const) {
    actors[key] = await addActor(handle.db, {
      hubId: main.hub.id,
      email: `${key}@example.org`,
      role,
      groupSlugs: [...group],
      languages: [...languages],
    });
  }
  // The known set: which of these lack Arabic is said in each title.
  await makeEvent(handle.db, main, future, { slug: 'lacks-ar', group: 'cooks', description: { fi: 'Kuvaus' } });
  await makeEvent(handle.db, main, future, { slug: 'done-ar', title: { fi: 'Valmis', ar: 'جاهز' }, description: { fi: 'K', ar: 'و' } });
  await makeEvent(handle.db, main, future, {
    slug: 'lacks-ar-description',
    title: { fi: 'Otsikko', ar: 'عنوان' },
    description: { fi: 'K' },
  });
  await makeEvent(handle.db, main, future, { slug: 'lacks-ar-option', title: { fi: 'Kysely', ar: 'استبيان' }, group: 'cooks' });
  await makeEvent(handle.db, main, past, { slug: 'past-lacks-ar' });
  await makeEvent(handle.db, main, future, { slug: 'cancelled-lacks-ar', status: 'cancelled' });
  await makeEvent(handle.db, other, future, { slug: 'other-hub-lacks-ar' });
  for (const slug of ['lacks-ar', 'done-ar', 'lacks-ar-description', 'lacks-ar-option']) ids[slug] = await eventId(slug);
  ids['other-hub'] = await eventId('other-hub-lacks-ar', other.hub.id);
  const [question] = await handle.db
    .insert(eventQuestions)
    .values({
      eventId: ids['lacks-ar-option']!,
      kind: 'choice',
      label: { fi: 'Ruokavalio', ar: 'النظام الغذائي' },
      options: [
        { id: 'veg', label: { fi: 'Kasvis', ar: 'نباتي' } },
        { id: 'halal', label: { fi: 'Halal' } },
      ],
    })
    .returning();
  ids.question = question!.id;
  // Groups and places: translated fully except one of each.
  await handle.db
    .update(groups)
    .set({ name: { fi: 'Kahvila', ar: 'مقهى' } })
    .where(eq(groups.id, main.group['cafe-group']!));
  await handle.db
    .update(places)
    .set({ name: { fi: 'Sali', ar: 'قاعة' } })
    .where(eq(places.id, main.place.hall!));
});

afterAll(async () => {
  await handle?.close();
});

describe('the queue', () => {
  it('a translator of Arabic sees exactly the untranslated upcoming items of the hub, oldest first', async () => {
    const expected = [
      `place:${main.place.kitchen}`,
      `group:${main.group.cooks}`,
      `event:${ids['lacks-ar']}`,
      `event:${ids['lacks-ar-description']}`,
      `event:${ids['lacks-ar-option']}`,
    ];
    const seen = await queue(actors.ar!, 'ar');
    expect(seen.toSorted()).toEqual(expected.toSorted());
    // Oldest first: the hub's places and groups came before its events.
    expect(seen.slice(2)).toEqual(expected.slice(2));
    // Not their language: nothing at all (and no right to it either).
    expect(await queue(actors.ar!, 'fa')).toEqual([]);
  });

  it('a leader sees their own group and its events; a coordinator everything', async () => {
    expect((await queue(actors.cooks!, 'ar')).toSorted()).toEqual(
      [`group:${main.group.cooks}`, `event:${ids['lacks-ar']}`, `event:${ids['lacks-ar-option']}`].toSorted(),
    );
    expect(await queue(actors.admin!, 'ar')).toHaveLength(5);
  });

  it('shows only the boxes with a source or an existing text of the language', async () => {
    const shown = await getTranslationForm(handle.db, actors.ar!, {
      hubId: main.hub.id,
      kind: 'event',
      id: ids['lacks-ar-option']!,
      language: 'ar',
      now: new Date(),
    });
    expect(shown.kind === 'ok' && shown.boxes.map((b) => b.key)).toEqual([
      'f-title',
      `q-${ids.question}`,
      `o-${ids.question}-veg`,
      `o-${ids.question}-halal`,
    ]);
  });

  it('empties as the translator saves; the save is audited and moves updated_at but not SEQUENCE', async () => {
    const [before] = await handle.db.select().from(events).where(eq(events.id, ids['lacks-ar']!));
    expect(await save(actors.ar!, 'event', ids['lacks-ar']!, 'ar', { 'f-title': 'ينقصه', 'f-summary': '' })).toEqual({
      kind: 'saved',
      boxes: 2,
    });
    // The description still lacks Arabic.
    expect(await queue(actors.ar!, 'ar')).toContain(`event:${ids['lacks-ar']}`);
    expect((await save(actors.ar!, 'event', ids['lacks-ar']!, 'ar', { 'f-description': 'وصف' })).kind).toBe('saved');
    expect((await save(actors.ar!, 'event', ids['lacks-ar-description']!, 'ar', { 'f-description': 'وصف' })).kind).toBe('saved');
    expect((await save(actors.ar!, 'event', ids['lacks-ar-option']!, 'ar', { [`o-${ids.question}-halal`]: 'حلال' })).kind).toBe('saved');
    expect((await save(actors.ar!, 'group', main.group.cooks!, 'ar', { 'f-name': 'الطباخون' })).kind).toBe('saved');
    expect((await save(actors.ar!, 'place', main.place.kitchen!, 'ar', { 'f-name': 'المطبخ' })).kind).toBe('saved');
    expect(await queue(actors.ar!, 'ar')).toEqual([]);

    const [after] = await handle.db.select().from(events).where(eq(events.id, ids['lacks-ar']!));
    expect(after!.title).toEqual({ fi: 'lacks-ar', ar: 'ينقصه' });
    expect(after!.description).toEqual({ fi: 'Kuvaus', ar: 'وصف' });
    expect(after!.searchText).toContain('ينقصه');
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(after!.sequence).toBe(before!.sequence);
    const [question] = await handle.db.select().from(eventQuestions).where(eq(eventQuestions.id, ids.question!));
    expect(question!.options).toEqual([
      { id: 'veg', label: { fi: 'Kasvis', ar: 'نباتي' } },
      { id: 'halal', label: { fi: 'Halal', ar: 'حلال' } },
    ]);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'translation.save'));
    expect(audit).toHaveLength(6);
    expect(audit.find((a) => a.entityId === main.place.kitchen)).toMatchObject({
      hubId: main.hub.id,
      entity: 'place',
      userId: (actors.ar as { userId: string }).userId,
      details: { language: 'ar', texts: ['name'] },
    });
  });

  it('counts the coverage of upcoming events per language', async () => {
    const coverage = await translationCoverage(handle.db, main.hub.id, new Date());
    expect(coverage.upcoming).toBe(4);
    expect(coverage.languages.find((c) => c.language === 'fi')).toEqual({ language: 'fi', complete: 4, share: 1 });
    expect(coverage.languages.find((c) => c.language === 'ar')).toEqual({ language: 'ar', complete: 4, share: 1 });
    expect(coverage.languages.find((c) => c.language === 'so')).toEqual({ language: 'so', complete: 0, share: 0 });
  });
});

describe('what a translator may not do', () => {
  it('writes only their languages, only in their hub, only upcoming events, and never edits events', async () => {
    expect(await save(actors.ar!, 'event', ids['done-ar']!, 'fi', { 'f-title': 'Muutettu' })).toEqual({ kind: 'forbidden' });
    expect(await save(actors.ar!, 'event', ids['other-hub']!, 'ar', { 'f-title': 'x' })).toEqual({ kind: 'not-found' });
    expect(await save(actors.ar!, 'event', ids['other-hub']!, 'ar', { 'f-title': 'x' }, other.hub.id)).toEqual({ kind: 'forbidden' });
    const pastId = await eventId('past-lacks-ar');
    expect(await save(actors.ar!, 'event', pastId, 'ar', { 'f-title': 'x' })).toEqual({ kind: 'not-found' });
    const [row] = await handle.db.select().from(events).where(eq(events.id, ids['done-ar']!));
    expect(row!.title).toEqual({ fi: 'Valmis', ar: 'جاهز' });
    const target = { hubId: main.hub.id, groupId: main.group.cooks!, language: 'ar' };
    for (const action of ['event:create', 'event:edit', 'event:cancel', 'attendees:read', 'attendees:edit', 'hub:admin'] as const)
      expect(can(actors.ar!, action, target)).toBe(false);
    expect(can(actors.ar!, 'translation:write', target)).toBe(true);
    // A leader translates their own group's events in any language, not another group's.
    expect(can(actors.cooks!, 'translation:write', { ...target, language: 'so' })).toBe(true);
    expect(can(actors.cooks!, 'translation:write', { ...target, groupId: main.group['cafe-group']! })).toBe(false);
    expect(can(actors.cooks!, 'translation:write', { ...target, groupId: null })).toBe(false);
  });

  it('refuses a text longer than the limit', async () => {
    expect(await save(actors.ar!, 'event', ids['done-ar']!, 'ar', { 'f-title': 'x'.repeat(5_001) })).toEqual({
      kind: 'invalid',
      keys: ['f-title'],
    });
  });
});

describe('two languages saved at once', () => {
  it.runIf(usingPostgres)('keeps both (PostgreSQL: the saves really overlap)', async () => {
    const id = ids['done-ar']!;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        save(actors.arfa!, 'event', id, 'ar', {
          'f-title': `عنوان ${round}`,
        }),
        save(actors.arfa!, 'event', id, 'fa', { 'f-title': `عنوان فارسی ${round}`, 'f-description': `توضیح ${round}` }),
        save(actors.arfa!, 'event', ids['lacks-ar-option']!, 'ar', { [`o-${ids.question}-veg`]: `نباتي ${round}` }),
        save(actors.arfa!, 'event', ids['lacks-ar-option']!, 'fa', { [`o-${ids.question}-veg`]: `گیاهی ${round}` }),
      ]);
      expect(results.map((r) => r.kind)).toEqual(['saved', 'saved', 'saved', 'saved']);
      const [row] = await handle.db.select().from(events).where(eq(events.id, id));
      expect(row!.title).toEqual({ fi: 'Valmis', ar: `عنوان ${round}`, fa: `عنوان فارسی ${round}` });
      expect(row!.description).toEqual({ fi: 'K', ar: 'و', fa: `توضیح ${round}` });
      expect(row!.searchText).toContain(`عنوان فارسی ${round}`);
      expect(row!.searchText).toContain(`عنوان ${round}`);
      const [question] = await handle.db.select().from(eventQuestions).where(eq(eventQuestions.id, ids.question!));
      expect(question!.options[0]!.label).toEqual({ fi: 'Kasvis', ar: `نباتي ${round}`, fa: `گیاهی ${round}` });
    }
  });
});
