import { and, asc, eq, ne } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Db } from '#db/client.ts';
import type { hubs } from '#db/schema/hubs.ts';
import { users } from '#db/schema/users.ts';
import { formatDate } from '#i18n/format.ts';
import { pick, translator } from '#i18n/translate.ts';
import { drawLine, embedTextFonts, textWidth, wrapText } from '#lib/pdf-text.ts';
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

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
// The table's columns: where each starts and how wide its text may be (points).
const COLUMNS = { date: [MARGIN, 100], event: [162, 196], task: [364, 120], hours: [490, 49] } as const;

/** The certificate as an A4 PDF (more pages for a long record), in DejaVu Sans (src/lib/pdf-text.ts). */
export async function renderCertificate(c: Certificate, lang: CertificateLang, now: Date, timeZone: string): Promise<Uint8Array> {
  const t = translator(lang);
  const pdf = await PDFDocument.create();
  pdf.setTitle(t('certificate.title'));
  pdf.setCreator('Tori');
  pdf.setCreationDate(now);
  const { regular, bold } = await embedTextFonts(pdf);
  let page = pdf.addPage(A4);
  let y = 780;
  const room = (height: number) => {
    if (y - height >= 60) return;
    page = pdf.addPage(A4);
    y = 780;
  };
  const paragraph = (text: string, size = 11, font = regular) => {
    for (const line of wrapText(text, font, size, A4[0] - 2 * MARGIN)) {
      room(size * 1.6);
      drawLine(page, line, MARGIN, y, size, font);
      y -= size * 1.6;
    }
  };
  const row = (cells: Record<keyof typeof COLUMNS, string>, font: typeof regular) => {
    const size = 10;
    const lines = Object.fromEntries(
      Object.entries(COLUMNS).map(([name, [, width]]) => [name, wrapText(cells[name as keyof typeof COLUMNS], font, size, width)]),
    ) as Record<keyof typeof COLUMNS, string[]>;
    const height = Math.max(...Object.values(lines).map((l) => l.length)) * size * 1.4;
    room(height + 6);
    for (const [name, [x, width]] of Object.entries(COLUMNS)) {
      lines[name as keyof typeof COLUMNS].forEach((line, i) => {
        // Hours line up on the right, as numbers do.
        const left = name === 'hours' ? x + width - textWidth(line, font, size) : x;
        drawLine(page, line, left, y - i * size * 1.4, size, font);
      });
    }
    y -= height + 6;
  };
  paragraph(t('certificate.title'), 20, bold);
  y -= 8;
  paragraph(t('certificate.intro', { name: c.helper, hub: c.hub }));
  y -= 8;
  const head = { date: t('certificate.date'), event: t('certificate.event'), task: t('certificate.task'), hours: t('certificate.hours') };
  row(head, bold);
  for (const r of c.rows) row({ date: r.date, event: r.event, task: r.task, hours: formatHours(r.minutes, lang) }, regular);
  y -= 8;
  paragraph(t('certificate.total', { hours: formatHours(c.minutes, lang) }), 12, bold);
  y -= 24;
  paragraph(`${c.hub}, ${formatDate(now, lang, timeZone)}`);
  y -= 20;
  paragraph(c.coordinator || '', 11, bold);
  paragraph(t('certificate.coordinator'));
  return pdf.save({ useObjectStreams: false });
}
