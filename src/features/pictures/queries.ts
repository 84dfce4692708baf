import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { pictureFiles, pictureFormats, pictures, type PictureFormat } from '#db/schema/pictures.ts';

export interface PictureSources {
  id: string;
  width: number;
  height: number;
  /** Per format, the files' widths, narrowest first. */
  widths: Record<PictureFormat, number[]>;
}

/** The address of one file: its picture id never changes meaning, so it is cached for a year. */
export function pictureUrl(id: string, width: number, format: PictureFormat): string {
  return `/pictures/${id}/${width}.${format === 'jpeg' ? 'jpg' : format}`;
}

/** What a page needs to write a <picture> element (no bytes). */
export async function getPictureSources(db: Db, pictureId: string | null): Promise<PictureSources | null> {
  if (!pictureId) return null;
  const rows = await db
    .select({ width: pictures.width, height: pictures.height, format: pictureFiles.format, fileWidth: pictureFiles.width })
    .from(pictures)
    .innerJoin(pictureFiles, eq(pictureFiles.pictureId, pictures.id))
    .where(eq(pictures.id, pictureId))
    .orderBy(asc(pictureFiles.width));
  if (rows.length === 0) return null;
  const widths = Object.fromEntries(pictureFormats.map((f) => [f, [] as number[]])) as Record<PictureFormat, number[]>;
  for (const r of rows) widths[r.format].push(r.fileWidth);
  return { id: pictureId, width: rows[0]!.width, height: rows[0]!.height, widths };
}

const EXTENSIONS: Record<string, PictureFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };

/** One file by its address parts (`480.webp`), or null. */
export async function getPictureFile(db: Db, pictureId: string, file: string) {
  const m = /^(\d{1,5})\.(avif|webp|jpg)$/.exec(file);
  if (!m || !/^[0-9a-f-]{36}$/i.test(pictureId)) return null;
  const format = EXTENSIONS[m[2]!]!;
  const [row] = await db
    .select({ bytes: pictureFiles.bytes })
    .from(pictureFiles)
    .where(and(eq(pictureFiles.pictureId, pictureId.toLowerCase()), eq(pictureFiles.format, format), eq(pictureFiles.width, Number(m[1]))))
    .limit(1);
  return row ? { bytes: row.bytes, type: `image/${format}` } : null;
}
