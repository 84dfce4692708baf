import { z } from 'zod';
import type { Translated } from '#db/schema/translated.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { formText } from '#lib/forms.ts';

/** The per-language inputs `name_fi`, `name_ar`, … of one field, empty ones left out. */
export function formTranslated(form: FormData, name: string): Translated {
  return Object.fromEntries(uiLanguages.map((l) => [l, formText(form, `${name}_${l}`)]).filter(([, v]) => v));
}

/** Per-language text with a length limit; `required` asks for at least one language. */
export function translatedSchema(max: number, required = false) {
  const base = z.record(z.string(), z.string().max(max));
  return required ? base.refine((v) => Object.keys(v).length > 0) : base;
}

/** zod issues as `{field: true}`: the pages say what is wrong in the reader's language. */
export function invalidFields(error: z.ZodError): Record<string, true> {
  return Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? 'body'), true]));
}

/**
 * What a form shows: after a failed post, what was typed; before it, what is stored. Numbers
 * and nulls of the stored row become text ('' for null).
 */
export function formValues(posted: FormData | null, stored: object | null) {
  const row = (stored ?? {}) as Record<string, unknown>;
  return {
    text: (name: string) => (posted ? formText(posted, name) : row[name] == null ? '' : String(row[name])),
    translated: (name: string): Translated => (posted ? formTranslated(posted, name) : ((row[name] as Translated | undefined) ?? {})),
  };
}
