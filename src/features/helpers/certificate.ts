import { and, asc, eq, ne } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Db } from '#db/client.ts';
import type { hubs } from '#db/schema/hubs.ts';
import { users } from '#db/schema/users.ts';
import { formatDate } from '#i18n/format.ts';
import { pick, translator } from '#i18n/translate.ts';
import { taskLabel } from './labels.ts';
import type { Offer, RecordRow } from './queries.ts';

export const CERTIFICATE_LANGUAGES = ['fi', 'en'] as const;
export type CertificateLang = (typeof CERTIFICATE_LANGUAGES)[number];

export interface Certificate {
  helper: string;
  hub: string;
  coordinator: string;
  rows: { date: string; event: string; task: string; minutes: number }[];
  minutes: number;
}

/** Hours as "2,5" (fi) or "2.5" (en). */
export const formatHours = (minutes: number, lang: CertificateLang) =>
  (Math.round((minutes / 60) * 100) / 100).toLocaleString(lang === 'fi' ? 'fi-FI' : 'en-GB', { maximumFractionDigits: 2 });

/** What a certificate says: the confirmed hours of the helper's record, oldest first. */
export async function certificateData(
  db: Db,
  offer: Offer,
  record: RecordRow[],
  hub: typeof hubs.$inferSelect,
  lang: CertificateLang,
): Promise<Certificate> {
  const [coordinator] = await db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.hubId, hub.id), eq(users.role, 'admin'), ne(users.name, '')))
    .orderBy(asc(users.createdAt));
  const rows = record
    .filter((r) => r.status === 'confirmed' && r.minutes !== null)
    .map((r) => ({
      date: formatDate(r.event.startsAt, lang, hub.timezone),
      event: pick(r.event.title, lang).text,
      task: taskLabel(r.task, lang),
      minutes: r.minutes!,
    }));
  return {
    helper: offer.name,
    hub: hub.name,
    coordinator: coordinator?.name || hub.controllerName,
    rows,
    minutes: rows.reduce((sum, r) => sum + r.minutes, 0),
  };
}

// The standard fonts write WinAnsi: Finnish and English fit; other scripts become "?".
const winAnsi = (text: string) => text.replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]/g, '?');

/** The certificate as a one- or few-page A4 PDF with the standard Helvetica fonts. */
export async function renderCertificate(c: Certificate, lang: CertificateLang, now: Date, timeZone: string): Promise<Uint8Array> {
  const t = translator(lang);
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(t('certificate.title')));
  pdf.setCreator('Tori');
  pdf.setCreationDate(now);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([595.28, 841.89]);
  let y = 780;
  const line = (text: string, size = 11, font = regular, x = 56) => {
    if (y < 70) {
      page = pdf.addPage([595.28, 841.89]);
      y = 780;
    }
    page.drawText(winAnsi(text), { x, y, size, font });
    y -= size * 1.6;
  };
  line(t('certificate.title'), 20, bold);
  y -= 8;
  line(t('certificate.intro', { name: c.helper, hub: c.hub }));
  y -= 8;
  line(`${t('certificate.date')} | ${t('certificate.event')} | ${t('certificate.task')} | ${t('certificate.hours')}`, 11, bold);
  for (const r of c.rows) line(`${r.date} | ${r.event} | ${r.task} | ${formatHours(r.minutes, lang)}`);
  y -= 8;
  line(t('certificate.total', { hours: formatHours(c.minutes, lang) }), 12, bold);
  y -= 24;
  line(`${c.hub}, ${formatDate(now, lang, timeZone)}`);
  y -= 20;
  line(c.coordinator || '', 11, bold);
  line(t('certificate.coordinator'));
  return pdf.save({ useObjectStreams: false });
}
