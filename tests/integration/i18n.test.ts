import { describe, expect, it } from 'vitest';
import { catalogs } from '#i18n/catalog.ts';
import { formatDateTimeRange, formatTimeRange } from '#i18n/format.ts';
import { negotiateLang, textDirection, uiLanguages } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';
import { HELSINKI, helsinki } from '../setup/fixtures.ts';

describe('interface languages', () => {
  const finnishKeys = Object.keys(catalogs.fi.messages).sort();

  it.each(uiLanguages)('%s has exactly the keys of the Finnish file, none empty', (lang) => {
    const messages = catalogs[lang].messages;
    expect(Object.keys(messages).sort()).toEqual(finnishKeys);
    for (const [key, message] of Object.entries(messages)) {
      const forms = typeof message === 'string' ? [message] : Object.values(message);
      for (const form of forms) expect(form.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it.each(uiLanguages)('%s keeps the placeholders of the Finnish text', (lang) => {
    const names = (m: unknown) => [...new Set(JSON.stringify(m).match(/\{\w+\}/g) ?? [])].sort();
    for (const key of finnishKeys) {
      const fi = catalogs.fi.messages[key as keyof typeof catalogs.fi.messages];
      const other = catalogs[lang].messages[key as keyof typeof catalogs.fi.messages];
      expect(names(other), `${lang} ${key}`).toEqual(names(fi));
    }
  });

  it('writes Arabic and Persian right to left', () => {
    expect(uiLanguages.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar', 'fa']);
  });

  it.each([
    ['ar-SY,ar;q=0.9,en;q=0.5', 'ar'],
    ['de-DE,de;q=0.9,sv;q=0.8,en;q=0.7', 'sv'],
    ['en;q=0.2, fa;q=0.9', 'fa'],
    ['zh-CN', 'fi'],
    ['', 'fi'],
    ['ru;q=abc,uk', 'uk'],
  ])('negotiates %j to %s', (header, expected) => {
    expect(negotiateLang(header)).toBe(expected);
  });

  it('chooses plural forms by the language rules', () => {
    expect(translator('en')('event.seatsLeft', { count: 1 })).toBe('1 place left');
    expect(translator('en')('event.seatsLeft', { count: 3 })).toBe('3 places left');
    const ru = translator('ru');
    expect(ru('events.count', { count: 2 })).not.toBe(ru('events.count', { count: 5 }));
  });
});

describe('event content in the visitor language', () => {
  it('uses the visitor language when there is text in it', () => {
    expect(pick({ fi: 'Kahvila', ar: 'مقهى' }, 'ar')).toEqual({ text: 'مقهى', lang: 'ar', fallback: false, lastResort: false });
  });

  it('falls back along the chain (English, then Finnish; Swedish: Finnish first) and says so', () => {
    expect(pick({ en: 'Café', fi: 'Kahvila' }, 'so')).toEqual({ text: 'Café', lang: 'en', fallback: true, lastResort: false });
    expect(pick({ en: 'Café', fi: 'Kahvila' }, 'sv')).toEqual({ text: 'Kahvila', lang: 'fi', fallback: true, lastResort: false });
    expect(pick({ fi: 'Kahvila', ru: 'Кафе' }, 'so')).toEqual({ text: 'Kahvila', lang: 'fi', fallback: true, lastResort: false });
    // Nothing in the chain: the language it was written in, as a last resort.
    expect(pick({ ru: 'Кафе' }, 'fi')).toEqual({ text: 'Кафе', lang: 'ru', fallback: true, lastResort: true });
    expect(pick({ ar: '   ', fi: 'Kahvila' }, 'ar').lang).toBe('fi');
  });
});

describe('dates the Finnish way, whatever the server zone', () => {
  it('formats in Helsinki time across the spring change', () => {
    const start = helsinki(2027, 3, 28, 2, 30);
    const end = helsinki(2027, 3, 28, 5, 0);
    expect(formatTimeRange(start, end, 'fi', HELSINKI)).toMatch(/^0?2\.30\s*[–-]\s*0?5\.00$/);
    expect(formatDateTimeRange(start, end, 'en', HELSINKI)).toContain('28 March 2027');
  });

  it('uses the Gregorian calendar in Persian', () => {
    const text = formatDateTimeRange(helsinki(2027, 3, 28, 10), helsinki(2027, 3, 28, 12), 'fa', HELSINKI);
    expect(text).toMatch(/مارس/);
  });
});
