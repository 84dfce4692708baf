import { encodings } from 'smpp';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#config';
import { smsSettingsFromForm } from '#features/hubs/schema.ts';
import { normalizePhone } from '#lib/contact.ts';
import { concatHeader, plainForSms, segmentSms } from '#lib/sms-text.ts';

const septets = (b: Buffer) => b.length;
const units = (b: Buffer) => b.length / 2;

describe('GSM-7 segments', () => {
  it('holds 160 septets in one segment, 153 a segment beyond that', () => {
    expect(segmentSms('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', dataCoding: 0, units: 160 });
    expect(segmentSms('a'.repeat(160)).parts).toHaveLength(1);
    const long = segmentSms('a'.repeat(161));
    expect(long.parts.map(septets)).toEqual([153, 8]);
    expect(segmentSms('a'.repeat(306)).parts.map(septets)).toEqual([153, 153]);
    expect(segmentSms('a'.repeat(307)).parts.map(septets)).toEqual([153, 153, 1]);
  });

  it('counts extension characters (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(segmentSms('€').units).toBe(2);
    expect(segmentSms('[x]').units).toBe(5);
    expect(segmentSms(`${'a'.repeat(158)}€`).parts).toHaveLength(1);
    expect(segmentSms(`${'a'.repeat(159)}€`).parts).toHaveLength(2);
    expect(segmentSms('{}~^|\\').units).toBe(12);
  });

  it('never splits an escape from its character across segments', () => {
    const split = segmentSms(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(split.parts.map(septets)).toEqual([152, 12]);
    expect(split.parts[1]![0]).toBe(0x1b);
  });

  it('keeps Finnish and Swedish letters in GSM-7, and the package decodes them back', () => {
    const text = 'Sinulla on paikka: Äidinkielen kerho, ti 15.12. klo 18.00. Muuta tai peru: [x] €5 Åbo ö';
    const s = segmentSms(text);
    expect(s.encoding).toBe('gsm7');
    expect(encodings.ASCII.decode(s.parts[0]!)).toBe(text);
  });

  it('turns to UCS-2 for one character outside the alphabet', () => {
    expect(segmentSms('Tšekki').encoding).toBe('ucs2');
    expect(segmentSms('ç').encoding).toBe('ucs2');
  });
});

describe('UCS-2 segments', () => {
  it('holds 70 units in one segment, 67 a segment beyond that', () => {
    expect(segmentSms('ب'.repeat(70))).toMatchObject({ encoding: 'ucs2', dataCoding: 8, units: 70 });
    expect(segmentSms('ب'.repeat(70)).parts).toHaveLength(1);
    expect(segmentSms('ب'.repeat(71)).parts.map(units)).toEqual([67, 4]);
    expect(segmentSms('ب'.repeat(134)).parts.map(units)).toEqual([67, 67]);
  });

  it('counts an emoji as a surrogate pair (two units) and never splits it', () => {
    expect(segmentSms('😀').units).toBe(2);
    expect(segmentSms(`${'ب'.repeat(68)}😀`).parts).toHaveLength(1);
    expect(segmentSms(`${'ب'.repeat(69)}😀`).parts.map(units)).toEqual([67, 4]);
    const edge = segmentSms(`${'ب'.repeat(66)}😀${'ب'.repeat(10)}`);
    expect(edge.parts.map(units)).toEqual([66, 12]);
    expect(encodings.UCS2.decode(edge.parts[1]!)).toBe(`😀${'ب'.repeat(10)}`);
  });

  it('an emoji alone makes a Finnish text UCS-2', () => {
    expect(segmentSms('Tervetuloa 😀').encoding).toBe('ucs2');
  });
});

describe('around the segments', () => {
  it('writes the 6-octet concatenation header', () => {
    expect([...concatHeader(0x1ab, 3, 2)]).toEqual([5, 0, 3, 0xab, 3, 2]);
  });

  it('replaces typographic characters a date format or a keyboard adds with their GSM twins', () => {
    const text = plainForSms('Tue 15/12, 6:00\u202fPM \u2013 “Café” ’n…');
    expect(text).toBe('Tue 15/12, 6:00 PM - "Café" \'n...');
    expect(segmentSms(text).encoding).toBe('gsm7');
  });
});

describe('phone numbers in other digits', () => {
  it('reads Arabic-Indic and Persian digits, and the direction marks around them', () => {
    expect(normalizePhone('+٣٥٨ ٤٠ ١٢٣ ٤٥٦٧')).toBe('+358401234567');
    expect(normalizePhone('۰۴۰ ۱۲۳ ۴۵۶۷')).toBe('+358401234567');
    expect(normalizePhone('\u200e+358 40 123 4567\u200f')).toBe('+358401234567');
    expect(normalizePhone('٠٤٠ ١٢٣ abc')).toBeNull();
  });

  it('reads them in the monthly cap of text messages too, with a direction mark a copied number carries', () => {
    const cap = (value: string) => {
      const form = new FormData();
      form.set('smsEnabled', 'yes');
      form.set('smsMonthlyCap', value);
      const parsed = smsSettingsFromForm(form);
      return parsed.success ? parsed.data.smsMonthlyCap : 'invalid';
    };
    expect(cap('٢٥٠')).toBe(250);
    expect(cap('۱۲۰۰')).toBe(1200);
    expect(cap('\u200f٥٠٠')).toBe(500);
    expect(cap('')).toBeNull();
    expect(cap('lots')).toBe('invalid');
  });
});

describe('SMS_URL', () => {
  it('takes smpp://user:password@host:port and refuses anything else with one clear line', () => {
    expect(parseConfig({ SMS_URL: 'smpp://tori:secret@sms.example.fi:2775' }).SMS_URL).toBe('smpp://tori:secret@sms.example.fi:2775');
    expect(() => parseConfig({ SMS_URL: 'http://sms.example.fi' })).toThrow(
      'Invalid configuration: SMS_URL must look like smpp://user:password@host:2775',
    );
    expect(() => parseConfig({ SMS_FROM: 'Far too long a sender' })).toThrow(/^Invalid configuration: SMS_FROM/);
  });
});
