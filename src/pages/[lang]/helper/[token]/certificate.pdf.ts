import type { APIRoute } from 'astro';
import { CERTIFICATE_LANGUAGES, certificateData, renderCertificate, type CertificateLang } from '#features/helpers/certificate.ts';
import { helperRecord, offerByToken } from '#features/helpers/queries.ts';
import { siteContext } from '#features/site/context.ts';

// The certificate of volunteer work, in Finnish or English (the address's language).
export const GET: APIRoute = async ({ params, locals }) => {
  const lang = params.lang as CertificateLang;
  const headers = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' };
  if (!(CERTIFICATE_LANGUAGES as readonly string[]).includes(lang)) return new Response('Not found', { status: 404, headers });
  const { db, hub, timeZone, now } = await siteContext(locals.lang);
  const found = await offerByToken(db, params.token ?? '');
  if (!found || found.event.hubId !== hub.id) return new Response('Not found', { status: 404, headers });
  const record = await helperRecord(db, found.offer, hub.id);
  const pdf = await renderCertificate(await certificateData(db, found.offer, record, hub, lang), lang, now, timeZone);
  return new Response(Buffer.from(pdf), {
    headers: { ...headers, 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="volunteer-work-${lang}.pdf"` },
  });
};
