import { catalogs } from './catalog.ts';
import type { Message, MessageKey } from './catalog-type.ts';
import { getConfig } from '#config';
import { type Picked, pickWith } from './fallback.ts';
import type { Lang } from './languages.ts';

export type { Picked } from './fallback.ts';

export type Vars = Record<string, string | number>;
export type Translator = (key: MessageKey, vars?: Vars) => string;

// One number format and one set of plural rules per language, made on first use: building
// them costs far more than using them, and a page translates hundreds of messages.
const numbers = new Map<Lang, Intl.NumberFormat>();
const plurals = new Map<Lang, Intl.PluralRules>();

function numberFormat(lang: Lang): Intl.NumberFormat {
  let format = numbers.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(catalogs[lang].meta.locale);
    numbers.set(lang, format);
  }
  return format;
}

function pluralRules(lang: Lang): Intl.PluralRules {
  let rules = plurals.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(catalogs[lang].meta.locale);
    plurals.set(lang, rules);
  }
  return rules;
}

function fill(template: string, vars: Vars | undefined, lang: Lang): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat(lang).format(value) : value;
  });
}

function choose(message: Message, vars: Vars | undefined, lang: Lang): string {
  if (typeof message === 'string') return message;
  const count = typeof vars?.count === 'number' ? vars.count : 0;
  return message[pluralRules(lang).select(count)] ?? message.other;
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
