import sharp, { type Sharp } from 'sharp';
import type { PictureFormat } from '#db/schema/pictures.ts';

// An upload is trusted for nothing: not its name, not its declared type. It is decoded with
// sharp; what decodes as a picture is drawn again at two widths in three formats, so no byte
// of the upload (nor its metadata: place, camera) is ever served.
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** The widths made: a phone's column and a wide screen's (never wider than the upload). */
export const PICTURE_WIDTHS = [480, 960] as const;
const DECODABLE = new Set(['jpeg', 'png', 'webp', 'avif', 'heif', 'gif', 'tiff']);
// A 40-megapixel upload is a camera's; more is a decompression bomb.
const MAX_PIXELS = 40_000_000;

export interface PictureFile {
  format: PictureFormat;
  width: number;
  height: number;
  bytes: Uint8Array;
}
export type ProcessedPicture =
  | { kind: 'ok'; width: number; height: number; files: PictureFile[] }
  | { kind: 'too-large' }
  | { kind: 'not-a-picture' };

export async function processPicture(upload: Uint8Array): Promise<ProcessedPicture> {
  if (upload.byteLength > PICTURE_MAX_BYTES) return { kind: 'too-large' };
  if (upload.byteLength === 0) return { kind: 'not-a-picture' };
  try {
    const input = () => sharp(upload, { failOn: 'error', limitInputPixels: MAX_PIXELS, animated: false });
    const meta = await input().metadata();
    if (!meta.format || !DECODABLE.has(meta.format) || !meta.width || !meta.height) return { kind: 'not-a-picture' };
    // Turned upright by its EXIF orientation; the widths it has, without enlarging.
    const upright = meta.orientation && meta.orientation >= 5 ? meta.height : meta.width;
    const widths = [...new Set(PICTURE_WIDTHS.map((w) => Math.min(w, upright)))];
    const files: PictureFile[] = [];
    for (const width of widths) {
      const resized = input().rotate().resize({ width, withoutEnlargement: true }).flatten({ background: '#ffffff' });
      const encoders: [PictureFormat, Sharp][] = [
        ['avif', resized.clone().avif({ quality: 50, effort: 2 })],
        ['webp', resized.clone().webp({ quality: 72 })],
        ['jpeg', resized.clone().jpeg({ quality: 78, mozjpeg: true })],
      ];
      for (const [format, encoder] of encoders) {
        const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
        files.push({ format, width: info.width, height: info.height, bytes: new Uint8Array(data) });
      }
    }
    const largest = files.reduce((a, b) => (b.width > a.width ? b : a));
    return { kind: 'ok', width: largest.width, height: largest.height, files };
  } catch {
    return { kind: 'not-a-picture' };
  }
}

/** The picture field of a posted form: nothing chosen, or the processed upload. */
export async function pictureFromForm(form: FormData, name = 'picture'): Promise<ProcessedPicture | null> {
  const value = form.get(name);
  if (!value || typeof value === 'string' || value.size === 0) return null;
  if (value.size > PICTURE_MAX_BYTES) return { kind: 'too-large' };
  return processPicture(new Uint8Array(await value.arrayBuffer()));
}
