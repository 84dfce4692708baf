import { helperTaskKinds, type HelperTaskKind } from '#db/schema/helpers.ts';
import type { Translated } from '#db/schema/translated.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import { UUID } from '#features/http/json.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { parseContact, parseName } from '#features/signups/parse-input.ts';

// A helper's name follows the sign-up's rule (parseName), limit included.
export { NAME_MAX } from '#features/signups/schema.ts';
export const NEEDED_MAX = 50;
// Languages a helper may say they speak: the UI languages and those most asked for at the hub.
export const SPOKEN_CHOICES = ['fi', 'sv', 'en', 'ar', 'so', 'ru', 'uk', 'fa', 'ku', 'ti', 'tr', 'fr', 'es', 'et'] as const;

export type FieldError = { key: MessageKey; vars?: Record<string, string | number> };
export type FieldErrors = Record<string, FieldError>;

export interface OfferInput {
  taskId: string;
  name: string;
  email: string | null;
  phone: string | null;
  spoken: string[];
  language: Lang;
}

export type RawOffer = Partial<Record<'task' | 'name' | 'email' | 'phone' | 'consent' | 'language', string>> & { spoken?: string[] };

/** Checks an offer to help once, where it enters; errors per field as message keys. */
export function parseOffer(raw: RawOffer, lang: Lang): { ok: true; value: OfferInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const taskId = raw.task ?? '';
  if (!UUID.test(taskId)) errors.task = { key: 'helpers.error.task' };
  const name = parseName(raw.name, errors);
  const { email, phone } = parseContact(raw.email, raw.phone, errors);
  const spoken = [...new Set(raw.spoken ?? [])];
  if (!spoken.every((c) => (SPOKEN_CHOICES as readonly string[]).includes(c))) errors.spoken = { key: 'signup.error.invalidChoice' };
  if (raw.consent !== 'on' && raw.consent !== 'yes') errors.consent = { key: 'signup.error.consent' };
  const language = raw.language && isLang(raw.language) ? raw.language : lang;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { taskId, name, email, phone, spoken, language } };
}

export interface TaskInput {
  kind: HelperTaskKind;
  language: string | null;
  name: Translated;
  needed: number;
  /** Also add it to the later sessions of the event's series (a weekly group's cook, say). */
  following?: boolean;
}

/** A leader's new task: a kind, a language for an interpreter, a name for a custom task. */
export function parseTask(form: Record<string, string>): { ok: true; value: TaskInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = form.kind as HelperTaskKind;
  if (!(helperTaskKinds as readonly string[]).includes(kind)) errors.kind = { key: 'helpers.error.kind' };
  const needed = /^\s*\d{1,2}\s*$/.test(form.needed ?? '') ? Number(form.needed) : Number.NaN;
  if (!(needed >= 1 && needed <= NEEDED_MAX)) errors.needed = { key: 'helpers.error.needed', vars: { max: NEEDED_MAX } };
  const language = kind === 'interpreter' ? (form.language ?? '').trim().toLowerCase() : null;
  if (kind === 'interpreter' && !/^[a-z]{2,3}$/.test(language ?? '')) errors.language = { key: 'helpers.error.language' };
  const name: Translated = {};
  for (const [key, value] of Object.entries(form)) {
    const m = key.match(/^name_([a-z]{2,3})$/);
    if (m && value.trim()) name[m[1]!] = value.trim().slice(0, 120);
  }
  if (kind === 'custom' && Object.keys(name).length === 0) errors.name = { key: 'helpers.error.name' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { kind, language, name: kind === 'custom' ? name : {}, needed, following: form.following === 'on' } };
}
