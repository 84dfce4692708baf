import { type Lang, uiLanguages, isLang } from './languages.ts';

/**
 * Which languages a text written by people falls back to when the visitor's own is missing, per
 * visitor language (decision 022). The visitor's language always comes first; a chain never
 * holds a language the visitor did not ask for beyond these.
 */
export type FallbackChains = Readonly<Record<Lang, readonly Lang[]>>;

/** `CONTENT_FALLBACK`'s default: English then Finnish; Swedish readers get Finnish first. */
export const DEFAULT_CONTENT_FALLBACK = '*=en,fi;sv=fi,en';

/**
 * Reads `*=en,fi;sv=fi,en`: `;`-separated rules, each a visitor language (or `*` for every other)
 * and the languages to try after it, in order (may be empty: `uk=`). Returns an error text when
 * the value cannot be read.
 */
export function parseContentFallback(text: string): FallbackChains | string {
  let fallbackDefault: Lang[] | undefined;
  const own: Partial<Record<Lang, Lang[]>> = {};
  for (const rule of text.split(';').map((r) => r.trim())) {
    if (!rule) continue;
    const [key = '', chain, ...rest] = rule.split('=').map((s) => s.trim());
    if (chain === undefined || rest.length) return `has "${rule}", which is not LANG=LANG,LANG`;
    const langs = chain === '' ? [] : chain.split(',').map((s) => s.trim());
    const unknown = langs.find((l) => !isLang(l));
    if (unknown !== undefined) return `names "${unknown}", which is not one of ${uiLanguages.join(' ')}`;
    if (new Set(langs).size !== langs.length) return `repeats a language in "${rule}"`;
    if (key === '*') fallbackDefault = langs as Lang[];
    else if (isLang(key)) own[key] = langs as Lang[];
    else return `names "${key}", which is not * or one of ${uiLanguages.join(' ')}`;
  }
  const base = fallbackDefault ?? ['en', 'fi'];
  return Object.fromEntries(uiLanguages.map((l) => [l, (own[l] ?? base).filter((other) => other !== l)])) as Record<Lang, Lang[]>;
}

export interface Picked {
  text: string;
  /** Language the text is actually in; differs from the wanted one when it fell back. */
  lang: string;
  fallback: boolean;
  /** Nothing in the visitor's chain existed: the text is shown in the language it was written in. */
  lastResort: boolean;
}

/**
 * The visitor's language, then their chain; when none of those exists, the language the text was
 * written in (the only one there, or the first in the UI order) so that nothing shows blank.
 */
export function pickWith(value: Partial<Record<string, string>> | null | undefined, lang: Lang, chains: FallbackChains): Picked {
  const v = value ?? {};
  const wanted = v[lang]?.trim();
  if (wanted) return { text: wanted, lang, fallback: false, lastResort: false };
  for (const other of chains[lang]) {
    const text = v[other]?.trim();
    if (text) return { text, lang: other, fallback: true, lastResort: false };
  }
  const rest = Object.keys(v).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const other of rest) {
    const text = v[other]?.trim();
    if (text) return { text, lang: other, fallback: true, lastResort: true };
  }
  return { text: '', lang, fallback: false, lastResort: false };
}

function order(code: string): number {
  const i = (uiLanguages as readonly string[]).indexOf(code);
  return i === -1 ? uiLanguages.length : i;
}

/**
 * The language a form shows people's texts in first: the one chosen, else the UI language when
 * the texts have it (or nothing yet), else the first language they are written in.
 */
export function writingLanguage(texts: Partial<Record<string, string>>, uiLang: Lang, chosen?: string): Lang {
  if (isLang(chosen)) return chosen;
  const written = uiLanguages.filter((l) => (texts[l] ?? '').trim());
  return written.length === 0 || written.includes(uiLang) ? uiLang : written[0]!;
}
