import type { APIRoute } from 'astro';
import { negotiateLang } from '#i18n/languages.ts';

export const GET: APIRoute = ({ request }) =>
  new Response(null, {
    status: 302,
    headers: {
      Location: `/${negotiateLang(request.headers.get('accept-language'))}/`,
      Vary: 'Accept-Language',
      'Cache-Control': 'private, no-cache',
    },
  });
