import { and, eq, gt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { eventSearchText } from '#features/events/search-text.ts';
import type { Lang } from '#i18n/languages.ts';
import { getTranslatable } from './queries.ts';
import { textsFromForm, type ItemKind, type TextBox } from './schema.ts';

export type TranslationOutcome =
  | { kind: 'saved'; boxes: number }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'unreadable' }
  | { kind: 'invalid'; keys: string[] };

/**
 * One language's key of a jsonb text, changed in the statement itself: `col || {lang: text}`,
 * or `col - lang` for an emptied box. Two people saving two languages of one row at once are
 * queued by the row lock of the UPDATE, and the second one's expression is evaluated on the row
 * the first one left, so neither language is lost (no read-modify-write in JavaScript).
 */
function withLanguage(current: SQL | AnyColumn, language: Lang, text: string): SQL {
  return text ? sql`${current} || jsonb_build_object(${language}::text, ${text}::text)` : sql`${current} - ${language}::text`;
}

/** The answer options of one question with some options' labels changed, rebuilt in SQL. */
function optionsWith(language: Lang, changes: { optionId: string; text: string }[]): SQL {
  const label = sql`coalesce(x.o -> 'label', '{}'::jsonb)`;
  const cases = changes.map(
    (c) => sql`WHEN x.o ->> 'id' = ${c.optionId}::text THEN jsonb_set(x.o, '{label}', ${withLanguage(label, language, c.text)})`,
  );
  return sql`(SELECT coalesce(jsonb_agg(CASE ${sql.join(cases, sql` `)} ELSE x.o END ORDER BY x.n), '[]'::jsonb)
    FROM jsonb_array_elements(${eventQuestions.options}) WITH ORDINALITY AS x(o, n))`;
}

function fieldSet(boxes: readonly TextBox[], texts: Map<string, string>, table: object, language: Lang) {
  const columns = table as Record<string, AnyColumn>;
  const set: Record<string, SQL> = {};
  for (const box of boxes) {
    const text = texts.get(box.key);
    if (text === undefined || box.questionId) continue;
    set[box.label] = withLanguage(columns[box.label]!, language, text);
  }
  return set;
}

async function saveEvent(tx: Db, id: string, language: Lang, boxes: readonly TextBox[], texts: Map<string, string>, now: Date) {
  // The event row first, always (it bumps updated_at, so calendar feeds see the change): two
  // saves of one event queue here before either touches its questions.
  const [row] = await tx
    .update(events)
    .set({ ...fieldSet(boxes, texts, events, language), updatedAt: now })
    .where(eq(events.id, id))
    .returning({ title: events.title, summary: events.summary, description: events.description });
  if (!row) return false;
  // The row is locked by now: what it returned is the latest, so the search text is too.
  await tx
    .update(events)
    .set({ searchText: eventSearchText([row.title, row.summary, row.description]) })
    .where(eq(events.id, id));
  const byQuestion = new Map<string, { label?: string; options: { optionId: string; text: string }[] }>();
  for (const box of boxes) {
    const text = texts.get(box.key);
    if (text === undefined || !box.questionId) continue;
    const entry = byQuestion.get(box.questionId) ?? { options: [] };
    if (box.optionId) entry.options.push({ optionId: box.optionId, text });
    else entry.label = text;
    byQuestion.set(box.questionId, entry);
  }
  for (const [questionId, change] of [...byQuestion].sort(([a], [b]) => a.localeCompare(b))) {
    await tx
      .update(eventQuestions)
      .set({
        ...(change.label !== undefined ? { label: withLanguage(eventQuestions.label, language, change.label) } : {}),
        ...(change.options.length ? { options: optionsWith(language, change.options) } : {}),
      })
      .where(and(eq(eventQuestions.id, questionId), eq(eventQuestions.eventId, id)));
  }
  return true;
}

/**
 * Saves one person's translation of one item into one language: only that language's key of
 * each posted text changes; the change log records it. An event's `updated_at` moves (feeds send
 * the new text), its SEQUENCE does not (decision 023); a place's upcoming events move too, as
 * feeds name the place.
 */
export async function submitTranslation(
  db: Db,
  actor: Actor,
  args: { hubId: string; kind: ItemKind; id: string; language: Lang; form: FormData | null; now?: Date },
): Promise<TranslationOutcome> {
  const now = args.now ?? new Date();
  const { language } = args;
  const item = await getTranslatable(db, { hubId: args.hubId, kind: args.kind, id: args.id, now });
  if (!item) return { kind: 'not-found' };
  if (!can(actor, 'translation:write', { hubId: item.hubId, groupId: item.groupId, language })) return { kind: 'forbidden' };
  if (!args.form) return { kind: 'unreadable' };
  // Every text of the item may be posted (an existing translation is editable too).
  const boxes = item.boxes;
  const parsed = textsFromForm(args.form, boxes);
  if (parsed.kind === 'invalid') return parsed;
  const { texts } = parsed;
  if (texts.size === 0) return { kind: 'saved', boxes: 0 };
  return db.transaction(async (tx) => {
    if (item.kind === 'event') {
      if (!(await saveEvent(tx as Db, item.id, language, boxes, texts, now))) return { kind: 'not-found' } as const;
    } else if (item.kind === 'group') {
      const set = fieldSet(boxes, texts, groups, language);
      if (Object.keys(set).length) await tx.update(groups).set(set).where(eq(groups.id, item.id));
    } else {
      const set = fieldSet(boxes, texts, places, language);
      if (Object.keys(set).length) await tx.update(places).set(set).where(eq(places.id, item.id));
      await tx
        .update(events)
        .set({ updatedAt: now })
        .where(and(eq(events.placeId, item.id), gt(events.endsAt, now)));
    }
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'translation.save',
      entity: item.kind,
      entityId: item.id,
      details: { language, texts: [...new Set(boxes.filter((b) => texts.has(b.key)).map((b) => b.label))] },
    });
    return { kind: 'saved', boxes: texts.size } as const;
  });
}
