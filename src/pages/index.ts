import type { APIRoute } from 'astro';
import { homeLanguage, LANG_COOKIE } from '#features/site/language-choice.ts';

// The language chosen before (the switcher's cookie), else the browser's; never cached.
export const GET: APIRoute = ({ request, cookies }) =>
  new Response(null, {
    status: 302,
    headers: {
      Location: `/${homeLanguage(cookies.get(LANG_COOKIE)?.value, request.headers.get('accept-language'))}/`,
      Vary: 'Accept-Language, Cookie',
      'Cache-Control': 'private, no-cache',
    },
  });
