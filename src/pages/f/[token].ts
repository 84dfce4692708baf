import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { findFeedbackLink } from '#features/feedback/mutations.ts';
import { isLang } from '#i18n/languages.ts';

// The short feedback address text messages carry (decision 027): sent on to the answer page in
// the sign-up's language. An unknown token goes to the visitor's language, where the page says
// it is not found.
export const GET: APIRoute = async ({ params, locals }) => {
  const db = await getDb();
  const link = await findFeedbackLink(db, params.token);
  const lang = link && isLang(link.language) ? link.language : locals.lang;
  return new Response(null, {
    status: 302,
    headers: {
      Location: `/${lang}/feedback/${encodeURIComponent(params.token ?? '')}`,
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
    },
  });
};
