import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF read back the way a reader's copy-paste sees it (pdf.js, through the fonts' ToUnicode
 * maps): every page's lines from the top, each line its cells from left to right. Text drawn
 * touching the previous piece belongs to the same cell; a gap starts a new one (table columns).
 */
export async function pdfLines(bytes: Uint8Array): Promise<string[][]> {
  const loading = getDocument({ data: bytes, useSystemFonts: false });
  const doc = await loading.promise;
  const lines: string[][] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const pieces = (await page.getTextContent()).items
        .filter((item) => 'str' in item && item.str.trim() !== '')
        .map((item) => {
          const { str, transform, width } = item as { str: string; transform: number[]; width: number };
          return { str, x: transform[4]!, y: Math.round(transform[5]!), width };
        });
      const rows = new Map<number, typeof pieces>();
      for (const piece of pieces) rows.set(piece.y, [...(rows.get(piece.y) ?? []), piece]);
      for (const y of [...rows.keys()].sort((a, b) => b - a)) {
        const cells: { text: string; end: number }[] = [];
        for (const piece of rows.get(y)!.sort((a, b) => a.x - b.x)) {
          const last = cells.at(-1);
          if (last && piece.x - last.end < 2) {
            last.text += piece.str;
            last.end = piece.x + piece.width;
          } else cells.push({ text: piece.str, end: piece.x + piece.width });
        }
        lines.push(cells.map((c) => c.text.trim()));
      }
    }
  } finally {
    await loading.destroy();
  }
  return lines;
}
