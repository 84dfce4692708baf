import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { getManagedByToken } from '#features/signups/managed.ts';
import { isLang } from '#i18n/languages.ts';

// The short manage address text messages carry (decision 021): the same token, sent on to the
// manage page in the sign-up's own language. An unknown token goes to the visitor's language,
// where the page says it is not found.
export const GET: APIRoute = async ({ params, locals }) => {
  const db = await getDb();
  const managed = await getManagedByToken(db, params.token);
  const lang = managed && isLang(managed.language) ? managed.language : locals.lang;
  return new Response(null, {
    status: 302,
    headers: {
      Location: `/${lang}/signup/${encodeURIComponent(params.token ?? '')}`,
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
    },
  });
};
