import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { offerByToken } from '#features/helpers/queries.ts';
import { isLang } from '#i18n/languages.ts';

// A helper's short address in text messages (decision 031), as /m/ is for sign-ups: the same
// token, sent on to the helper's own page in the offer's language. An unknown token goes to the
// visitor's language, where the page says it is not found.
export const GET: APIRoute = async ({ params, locals }) => {
  const db = await getDb();
  const found = await offerByToken(db, params.token ?? '');
  const lang = found && isLang(found.offer.language) ? found.offer.language : locals.lang;
  return new Response(null, {
    status: 302,
    headers: {
      Location: `/${lang}/helper/${encodeURIComponent(params.token ?? '')}`,
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
    },
  });
};
