import { catalogs } from './catalog.ts';
import type { Message, MessageKey } from './catalog-type.ts';
import { contentFallback, type Lang } from './languages.ts';

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

export interface Picked {
  text: string;
  /** Language the text is actually in; differs from the wanted one when it fell back. */
  lang: string;
  fallback: boolean;
}

/** Picks the visitor's language from a per-language text, falling back fi → en → any. */
export function pick(value: Partial<Record<string, string>> | null | undefined, lang: Lang): Picked {
  const v = value ?? {};
  const wanted = v[lang]?.trim();
  if (wanted) return { text: wanted, lang, fallback: false };
  for (const other of [...contentFallback, ...Object.keys(v)]) {
    const text = v[other]?.trim();
    if (text) return { text, lang: other, fallback: true };
  }
  return { text: '', lang, fallback: false };
}
