import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

// RFC 5321 limits a path to 254 characters.
export const EMAIL_MAX = 254;
const emailShape = z.email();

/** Trimmed, lower-cased email, or null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > EMAIL_MAX || !emailShape.safeParse(email).success) return null;
  return email;
}

/**
 * Western digits for the Arabic-Indic (٠-٩) and Persian (۰-۹) ones a phone keyboard in
 * Arabic or Persian types, without the direction marks such keyboards and copied numbers carry.
 */
export function westernDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '');
}

/** E.164 form of a phone number; Finnish numbers may be written without the country code. */
export function normalizePhone(raw: string): string | null {
  const text = westernDigits(raw.normalize('NFC')).trim();
  // Digits, spaces and the usual punctuation only; 25 characters is more than any real number.
  if (text.length > 25 || !/^\+?[\d\s().-]+$/.test(text)) return null;
  const phone = parsePhoneNumberFromString(text, 'FI');
  return phone?.isValid() ? phone.number : null;
}
