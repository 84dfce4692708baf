import { isLang, negotiateLang, type Lang } from '#i18n/languages.ts';

// The language a visitor chose in the switcher, remembered for `/` (decision 028). Only `/`
// reads it: every other address names its language, so public pages never vary by cookie and
// the page cache (keyed by address) stays right.
export const LANG_COOKIE = 'tori_lang';
const YEAR_SECONDS = 365 * 24 * 3600;

export function languageCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: YEAR_SECONDS };
}

/**
 * Where to go after choosing a language: the same page (path without its language, with its
 * query) in the chosen language. Anything that is not a plain path of this site goes home.
 */
export function choiceTarget(lang: Lang, to: string | null): string {
  const path = to ?? '/';
  const plain = path.length <= 1000 && path.startsWith('/') && !path.startsWith('//') && !/[\\\s]/.test(path);
  return `/${lang}${plain ? path : '/'}`;
}

/** The language of `/`: the remembered choice first, then the browser's Accept-Language. */
export function homeLanguage(cookie: string | undefined, acceptLanguage: string | null): Lang {
  return isLang(cookie) ? cookie : negotiateLang(acceptLanguage);
}
