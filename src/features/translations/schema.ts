import type { Translated } from '#db/schema/translated.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { UUID } from '#features/http/json.ts';

/**
 * What the translation queue translates (decision 023): upcoming events (with their questions'
 * labels and answer options), groups and places. Categories are the coordinator's few topics,
 * written in every language on their own form, and stay out of the queue.
 */
export const itemKinds = ['event', 'group', 'place'] as const;
export type ItemKind = (typeof itemKinds)[number];

/** Every translated column of each kind, in the order the form shows them. */
export const eventFields = ['title', 'summary', 'description', 'whatToBring', 'costNote', 'pictureAlt'] as const;
export const groupFields = ['name', 'summary', 'description', 'pictureAlt'] as const;
export const placeFields = ['name', 'accessibility', 'directions'] as const;
export type TextField = (typeof eventFields)[number] | (typeof groupFields)[number] | (typeof placeFields)[number];

/** The label of a box: one of the fields above, a question's label or one answer option. */
export type BoxLabel = TextField | 'question' | 'option';

/**
 * One text of an item in every language. `key` is the form field's name: `f-title`,
 * `q-<question id>` or `o-<question id>-<option id>`; the server only ever reads the keys it
 * made from the stored item, so an option id never has to be parsed back.
 */
export interface TextBox {
  key: string;
  label: BoxLabel;
  value: Translated;
  questionId?: string;
  optionId?: string;
}

// Longer than any text the leaders' form takes; a translation is about the same length.
export const TRANSLATION_MAX = 5_000;

const filled = (value: Translated, language: string) => Boolean(value[language]?.trim());

/** Some text in another language and none in this one: the box waits for a translation. */
export function needsTranslation(value: Translated, language: string): boolean {
  return !filled(value, language) && Object.keys(value).some((other) => other !== language && filled(value, other));
}

/** The boxes a translator gets: those with a source in another language, or a text of their own. */
export function translatableBoxes(boxes: readonly TextBox[], language: string): TextBox[] {
  return boxes.filter((b) => filled(b.value, language) || needsTranslation(b.value, language));
}

/** The `{language}` of a queue address: one of the content languages, else null (a 404). */
export function languageParam(param: string | undefined): Lang | null {
  return isLang(param) ? param : null;
}

/** The `{kind}/{id}` of an item's address, or null (a 404). */
export function itemParam(kind: string | undefined, id: string | undefined): { kind: ItemKind; id: string } | null {
  if (!(itemKinds as readonly string[]).includes(kind ?? '') || !id || !UUID.test(id)) return null;
  return { kind: kind as ItemKind, id: id.toLowerCase() };
}

export type ParsedTexts = { kind: 'ok'; texts: Map<string, string> } | { kind: 'invalid'; keys: string[] };

/**
 * The posted boxes of one item: trimmed text per key; an empty box takes the language's text
 * away (so a wrong translation can be removed), a box that was not posted is left alone.
 */
export function textsFromForm(form: FormData, boxes: readonly TextBox[]): ParsedTexts {
  const texts = new Map<string, string>();
  const invalid: string[] = [];
  for (const box of boxes) {
    const posted = form.get(box.key);
    if (posted === null) continue;
    if (typeof posted !== 'string') {
      invalid.push(box.key);
      continue;
    }
    const text = posted.replace(/\r\n?/g, '\n').trim();
    if (text.length > TRANSLATION_MAX) invalid.push(box.key);
    else texts.set(box.key, text);
  }
  return invalid.length ? { kind: 'invalid', keys: invalid } : { kind: 'ok', texts };
}
