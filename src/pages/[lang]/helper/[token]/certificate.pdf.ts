import type { APIRoute } from 'astro';
import { CERTIFICATE_LANGUAGES, certificateData, renderCertificate, type CertificateLang } from '#features/helpers/certificate.ts';
import { helperRecord, offerByToken } from '#features/helpers/queries.ts';
import { siteContext } from '#features/site/context.ts';
import { isLang } from '#i18n/languages.ts';

// The certificate of volunteer work, in Finnish or English (the address's language).
export const GET: APIRoute = async ({ params, locals, redirect, rewrite }) => {
  const headers = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' };
  // The other interface languages have no certificate (an employer or school reads it): the
  // English one, whether or not the link is good, so the answer tells nothing about the link.
  if (isLang(params.lang) && !(CERTIFICATE_LANGUAGES as readonly string[]).includes(params.lang))
    return redirect(`/en/helper/${encodeURIComponent(params.token ?? '')}/certificate.pdf`, 302);
  const lang = params.lang as CertificateLang;
  const { db, hub, timeZone, now } = await siteContext(locals.lang);
  const found = await offerByToken(db, params.token ?? '');
  if (!found || found.event.hubId !== hub.id) return rewrite('/404');
  const record = await helperRecord(db, found.offer, hub.id);
  const pdf = await renderCertificate(await certificateData(db, found.offer, record, hub, lang), lang, now, timeZone);
  return new Response(Buffer.from(pdf), {
    headers: { ...headers, 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="volunteer-work-${lang}.pdf"` },
  });
};
