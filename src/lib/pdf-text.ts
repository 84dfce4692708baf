import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

/*
 * Text in a PDF made on the server, in any script the hub's people write their names in.
 * DejaVu Sans (npm `dejavu-fonts-ttf`, Bitstream Vera licence with public-domain changes) covers
 * Latin with its extensions, Cyrillic, Greek and the Arabic letters Arabic and Persian use.
 * Embedded as a subset: only the glyphs a document uses go into it (tens of kB, not 700).
 */
const require = createRequire(import.meta.url);
const FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;

// Read once per process: every certificate needs the same bytes.
let loading: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;
function fontBytes() {
  loading ??= Promise.all([readFile(require.resolve(FILES.regular)), readFile(require.resolve(FILES.bold))]).then(([regular, bold]) => ({
    regular,
    bold,
  }));
  // A failed read (a broken install) is tried again by the next request, not remembered.
  loading.catch(() => (loading = null));
  return loading;
}

/*
 * pdf-lib parses the font file again for every document (a fifth of a second for two faces);
 * a parsed font holds no per-document state (each save makes its own subset), so it is parsed
 * once and handed out again to pdf-lib, which asks for it by the same bytes.
 */
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const parsingOnce: typeof fontkit = {
  create: (data, postscriptName) => {
    if (!(data instanceof Uint8Array) || postscriptName) return fontkit.create(data, postscriptName);
    const font = parsed.get(data) ?? fontkit.create(data);
    parsed.set(data, font);
    return font;
  },
};

export async function embedTextFonts(pdf: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const bytes = await fontBytes();
  pdf.registerFontkit(parsingOnce);
  const [regular, bold] = await Promise.all([pdf.embedFont(bytes.regular, { subset: true }), pdf.embedFont(bytes.bold, { subset: true })]);
  return { regular, bold };
}

// Letters written right to left (Hebrew, Arabic and their presentation forms), with the spaces
// and marks between two of them.
const RTL = '\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc';
const rtlRun = new RegExp(`[${RTL}](?:[${RTL}\\s.'\\u00b7-]*[${RTL}])?`, 'g');

/**
 * A line split into runs of one direction, in the order they are drawn left to right on a page
 * whose text runs left to right. pdf-lib draws a run through fontkit, which joins Arabic letters
 * and lays a right-to-left run out right to left; what it cannot do is order runs (the Unicode
 * bidi algorithm), so a line is cut here into runs it can draw one by one. Enough for a name or
 * a title in one script inside a Finnish or English sentence; digits inside Arabic text stay
 * where they are typed (decision 031 says so).
 */
export function directionRuns(text: string): string[] {
  const runs: string[] = [];
  let at = 0;
  for (const match of text.matchAll(rtlRun)) {
    if (match.index > at) runs.push(text.slice(at, match.index));
    runs.push(match[0]);
    at = match.index + match[0].length;
  }
  if (at < text.length) runs.push(text.slice(at));
  return runs;
}

export function textWidth(text: string, font: PDFFont, size: number): number {
  return directionRuns(text).reduce((sum, run) => sum + font.widthOfTextAtSize(run, size), 0);
}

/** Draws one line at (x, y), run by run. */
export function drawLine(page: PDFPage, text: string, x: number, y: number, size: number, font: PDFFont): void {
  for (const run of directionRuns(text)) {
    page.drawText(run, { x, y, size, font });
    x += font.widthOfTextAtSize(run, size);
  }
}

/** Words laid into lines no wider than `width`; a word longer than a line is cut. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, font, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (textWidth(line, font, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && textWidth(line.slice(0, cut), font, size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
