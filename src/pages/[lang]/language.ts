import type { APIRoute } from 'astro';
import { getConfig } from '#config';
import { choiceTarget, LANG_COOKIE, languageCookieOptions } from '#features/site/language-choice.ts';
import { isLang } from '#i18n/languages.ts';

// A link in the language switcher: remember the choice, then show the same page in it.
export const GET: APIRoute = ({ params, url, cookies }) => {
  const lang = params.lang;
  if (!isLang(lang)) return new Response(null, { status: 404 });
  cookies.set(LANG_COOKIE, lang, languageCookieOptions(getConfig().secure));
  return new Response(null, {
    status: 303,
    headers: { Location: choiceTarget(lang, url.searchParams.get('to')), 'Cache-Control': 'private, no-store' },
  });
};
