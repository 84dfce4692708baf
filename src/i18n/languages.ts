// The interface languages, in the order the switcher shows them. Finnish is the default.
export const uiLanguages = ['fi', 'sv', 'en', 'ar', 'so', 'ru', 'uk', 'fa'] as const;
export type Lang = (typeof uiLanguages)[number];
export const defaultLang: Lang = 'fi';

// Event content falls back along CONTENT_FALLBACK's chains: src/i18n/fallback.ts.

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (uiLanguages as readonly string[]).includes(value);
}

export function textDirection(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr';
}

/** Picks the best UI language from an Accept-Language header (RFC 9110 weights). */
export function negotiateLang(header: string | null | undefined): Lang {
  if (!header) return defaultLang;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { base: tag.toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((r) => r.base).find(isLang) ?? defaultLang;
}
