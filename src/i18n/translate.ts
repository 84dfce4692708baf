import { catalogs } from './catalog.ts';
import type { Message, MessageKey } from './catalog-type.ts';
import { getConfig } from '#config';
import { type Picked, pickWith } from './fallback.ts';
import type { Lang } from './languages.ts';

export type { Picked } from './fallback.ts';

export type Vars = Record<string, string | number>;
export type Translator = (key: MessageKey, vars?: Vars) => string;

function fill(template: string, vars: Vars | undefined, lang: Lang): string {
  if (!vars) return template;
  const locale = catalogs[lang].meta.locale;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

function choose(message: Message, vars: Vars | undefined, lang: Lang): string {
  if (typeof message === 'string') return message;
  const count = typeof vars?.count === 'number' ? vars.count : 0;
  const rule = new Intl.PluralRules(catalogs[lang].meta.locale).select(count);
  return message[rule] ?? message.other;
}

export function translator(lang: Lang): Translator {
  const messages = catalogs[lang].messages;
  return (key, vars) => {
    const message = messages[key] ?? catalogs.fi.messages[key];
    return fill(choose(message, vars, lang), vars, lang);
  };
}

/** The configured fallback chain of a visitor language (CONTENT_FALLBACK, decision 022). */
export function contentFallback(lang: Lang): readonly Lang[] {
  return getConfig().contentFallback[lang];
}

/** Picks the visitor's language from a per-language text, falling back along the configured chain. */
export function pick(value: Partial<Record<string, string>> | null | undefined, lang: Lang): Picked {
  return pickWith(value, lang, getConfig().contentFallback);
}
