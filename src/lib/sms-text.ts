// Text messages travel in 140-octet segments (GSM 03.40). A text whose every character is in
// the GSM 03.38 default alphabet goes as 7-bit septets (160 a segment); anything else as UCS-2
// (70 UTF-16 units a segment). A longer text is cut into concatenated segments, each carrying a
// 6-octet user data header, which leaves 153 septets or 67 units.

// The default alphabet in code order; index 27 (0x1B) is the escape to the extension table.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Extension characters and their codes after the escape: each costs two septets.
const EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const ESCAPE = 0x1b;
const basicCode = new Map([...BASIC].map((c, i) => [c, i] as const));
basicCode.delete('\u001b');

export const GSM_SINGLE = 160;
export const GSM_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** SMPP data_coding: 0 = the SMSC default alphabet (GSM 03.38), 8 = UCS-2. */
  dataCoding: 0 | 8;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) of the whole text. */
  units: number;
  /** Each segment's user data without the header: one septet per octet, or UTF-16BE. */
  parts: Buffer[];
}

/** The septets of a text, each character as one unit (an extension character is two septets), or null if one is not in the alphabet. */
function septetsOf(text: string): number[][] | null {
  const out: number[][] = [];
  for (const char of text) {
    const basic = basicCode.get(char);
    if (basic !== undefined) out.push([basic]);
    else if (EXTENSION[char] !== undefined) out.push([ESCAPE, EXTENSION[char]]);
    else return null;
  }
  return out;
}

/** Cuts units into segments of at most `size`, never splitting one character's units. */
function cut(chars: number[][], size: number): number[][] {
  const parts: number[][] = [[]];
  for (const char of chars) {
    if (parts.at(-1)!.length + char.length > size) parts.push([]);
    parts.at(-1)!.push(...char);
  }
  return parts;
}

/** How a text is sent: its encoding and its segments. */
export function segmentSms(text: string): SmsSegments {
  const septets = septetsOf(text);
  if (septets) {
    const units = septets.reduce((n, c) => n + c.length, 0);
    const parts = units <= GSM_SINGLE ? [septets.flat()] : cut(septets, GSM_PART);
    return { encoding: 'gsm7', dataCoding: 0, units, parts: parts.map((p) => Buffer.from(p)) };
  }
  // UTF-16 units; a character outside the BMP (an emoji) is a surrogate pair, kept together.
  const chars = [...text].map((c) => Array.from({ length: c.length }, (_, i) => c.charCodeAt(i)));
  const units = chars.reduce((n, c) => n + c.length, 0);
  const parts = units <= UCS2_SINGLE ? [chars.flat()] : cut(chars, UCS2_PART);
  return {
    encoding: 'ucs2',
    dataCoding: 8,
    units,
    parts: parts.map((p) => {
      const buffer = Buffer.alloc(p.length * 2);
      for (const [i, u] of p.entries()) buffer.writeUInt16BE(u, i * 2);
      return buffer;
    }),
  };
}

/** The concatenation header (IEI 0x00, 8-bit reference) of segment `seq` of `total`. */
export function concatHeader(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq]);
}

/**
 * Typographic characters a text may pick up from a date format or a leader's keyboard that
 * have a plain twin in the GSM alphabet: replaced, so they do not turn the whole text into
 * UCS-2 (which halves what a segment holds).
 */
export function plainForSms(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u2009\u202f]/g, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201a]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u200b-\u200f\u2066-\u2069]/g, '');
}
