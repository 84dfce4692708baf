import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import type { Translated } from '#db/schema/translated.ts';
import { can, type Actor, type UserActor } from '#features/auth/policy.ts';
import { uiLanguages, type Lang } from '#i18n/languages.ts';
import { eventFields, groupFields, needsTranslation, placeFields, translatableBoxes, type ItemKind, type TextBox } from './schema.ts';

/** One thing that can be translated, with every translated text it has. */
export interface Translatable {
  kind: ItemKind;
  id: string;
  hubId: string;
  /** The group the policy asks about: an event's group, a group itself, none for a place. */
  groupId: string | null;
  heading: Translated;
  slug: string;
  createdAt: Date;
  startsAt: Date | null;
  boxes: TextBox[];
}

/**
 * Upcoming is what residents can still come to: a scheduled, published event that has not
 * ended. The queue and the coverage count the same events.
 */
const upcoming = (hubId: string, now: Date) =>
  and(eq(events.hubId, hubId), gt(events.endsAt, now), eq(events.status, 'scheduled'), eq(events.published, true));

async function eventItems(db: Db, where: SQL | undefined): Promise<Translatable[]> {
  const rows = await db.select().from(events).where(where).orderBy(asc(events.createdAt), asc(events.id));
  if (rows.length === 0) return [];
  const questions = await db
    .select()
    .from(eventQuestions)
    .where(
      inArray(
        eventQuestions.eventId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(eventQuestions.position), asc(eventQuestions.id));
  return rows.map((e) => ({
    kind: 'event' as const,
    id: e.id,
    hubId: e.hubId,
    groupId: e.groupId,
    heading: e.title,
    slug: e.slug,
    createdAt: e.createdAt,
    startsAt: e.startsAt,
    boxes: [
      ...eventFields.map((field) => ({ key: `f-${field}`, label: field, value: e[field] })),
      ...questions
        .filter((q) => q.eventId === e.id)
        .flatMap((q): TextBox[] => [
          { key: `q-${q.id}`, label: 'question', value: q.label, questionId: q.id },
          // A removed option is only kept for the answers that chose it: nobody reads it again.
          ...q.options
            .filter((o) => !o.removed)
            .map((o) => ({
              key: `o-${q.id}-${o.id}`,
              label: 'option' as const,
              value: o.label ?? {},
              questionId: q.id,
              optionId: o.id,
            })),
        ]),
    ],
  }));
}

async function groupItems(db: Db, where: SQL | undefined): Promise<Translatable[]> {
  const rows = await db.select().from(groups).where(where).orderBy(asc(groups.createdAt), asc(groups.id));
  return rows.map((g) => ({
    kind: 'group' as const,
    id: g.id,
    hubId: g.hubId,
    groupId: g.id,
    heading: g.name,
    slug: g.slug,
    createdAt: g.createdAt,
    startsAt: null,
    boxes: groupFields.map((field) => ({ key: `f-${field}`, label: field, value: g[field] })),
  }));
}

async function placeItems(db: Db, where: SQL | undefined): Promise<Translatable[]> {
  const rows = await db.select().from(places).where(where).orderBy(asc(places.createdAt), asc(places.id));
  return rows.map((p) => ({
    kind: 'place' as const,
    id: p.id,
    hubId: p.hubId,
    groupId: null,
    heading: p.name,
    slug: p.slug,
    createdAt: p.createdAt,
    startsAt: null,
    boxes: placeFields.map((field) => ({ key: `f-${field}`, label: field, value: p[field] })),
  }));
}

/** One item of the hub, if it is still translatable (an event: upcoming). */
export async function getTranslatable(
  db: Db,
  args: { hubId: string; kind: ItemKind; id: string; now: Date },
): Promise<Translatable | null> {
  const found =
    args.kind === 'event'
      ? await eventItems(db, and(upcoming(args.hubId, args.now), eq(events.id, args.id)))
      : args.kind === 'group'
        ? await groupItems(db, and(eq(groups.hubId, args.hubId), eq(groups.id, args.id)))
        : await placeItems(db, and(eq(places.hubId, args.hubId), eq(places.id, args.id)));
  return found[0] ?? null;
}

/** Who may open the queue: anyone signed in to this hub (each sees only what they may write). */
export function translationAccess(actor: Actor, hubId: string): 'login' | 'forbidden' | 'allowed' {
  if (actor.kind === 'anonymous') return 'login';
  if (actor.kind !== 'user' || actor.hubId !== hubId) return 'forbidden';
  return 'allowed';
}

/**
 * The languages whose queues a person is offered: a translator's own; for leaders and
 * coordinators, who may write any language of what they run, their own first, then the rest.
 */
export function queueLanguages(actor: UserActor): Lang[] {
  const own = uiLanguages.filter((l) => actor.languages.includes(l));
  return actor.role === 'translator' ? own : [...own, ...uiLanguages.filter((l) => !own.includes(l))];
}

export interface QueueItem {
  kind: ItemKind;
  id: string;
  heading: Translated;
  startsAt: Date | null;
  /** How many of its texts lack the language. */
  missing: number;
}

async function allTranslatables(db: Db, hubId: string, now: Date): Promise<Translatable[]> {
  const [e, g, p] = await Promise.all([
    eventItems(db, upcoming(hubId, now)),
    groupItems(db, eq(groups.hubId, hubId)),
    placeItems(db, eq(places.hubId, hubId)),
  ]);
  return [...e, ...g, ...p];
}

function queueOf(all: readonly Translatable[], actor: Actor, language: Lang): QueueItem[] {
  return all
    .filter((item) => can(actor, 'translation:write', { hubId: item.hubId, groupId: item.groupId, language }))
    .map((item) => ({
      kind: item.kind,
      id: item.id,
      heading: item.heading,
      startsAt: item.startsAt,
      createdAt: item.createdAt,
      missing: item.boxes.filter((b) => needsTranslation(b.value, language)).length,
    }))
    .filter((item) => item.missing > 0)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map(({ createdAt: _, ...item }) => item);
}

/**
 * What waits for a translation into `language` that this person may write: upcoming events,
 * groups and places with a text in another language and none in this one, oldest first (the
 * longest waiting).
 */
export async function listQueue(db: Db, actor: Actor, args: { hubId: string; language: Lang; now: Date }): Promise<QueueItem[]> {
  return queueOf(await allTranslatables(db, args.hubId, args.now), actor, args.language);
}

/** How many items wait in each of these languages' queues (one read for all). */
export async function queueSizes(
  db: Db,
  actor: Actor,
  args: { hubId: string; languages: readonly Lang[]; now: Date },
): Promise<{ language: Lang; waiting: number }[]> {
  const all = await allTranslatables(db, args.hubId, args.now);
  return args.languages.map((language) => ({ language, waiting: queueOf(all, actor, language).length }));
}

export interface Coverage {
  upcoming: number;
  languages: { language: Lang; complete: number; share: number }[];
}

/**
 * For the coordinator: of the upcoming events, how many each language covers — a title, and a
 * description unless the event has none in any language.
 */
export async function translationCoverage(db: Db, hubId: string, now: Date): Promise<Coverage> {
  const rows = await db.select({ title: events.title, description: events.description }).from(events).where(upcoming(hubId, now));
  const has = (value: Translated, language: string) => Boolean(value[language]?.trim());
  const anyText = (value: Translated) => Object.values(value).some((v) => v?.trim());
  return {
    upcoming: rows.length,
    languages: uiLanguages.map((language) => {
      const complete = rows.filter((r) => has(r.title, language) && (has(r.description, language) || !anyText(r.description))).length;
      return { language, complete, share: rows.length ? complete / rows.length : 1 };
    }),
  };
}

export type TranslationForm = { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'ok'; item: Translatable; boxes: TextBox[] };

/** One item's boxes for one language, if this person may write it. */
export async function getTranslationForm(
  db: Db,
  actor: Actor,
  args: { hubId: string; kind: ItemKind; id: string; language: Lang; now: Date },
): Promise<TranslationForm> {
  const item = await getTranslatable(db, args);
  if (!item) return { kind: 'not-found' };
  if (!can(actor, 'translation:write', { hubId: item.hubId, groupId: item.groupId, language: args.language })) return { kind: 'forbidden' };
  return { kind: 'ok', item, boxes: translatableBoxes(item.boxes, args.language) };
}
