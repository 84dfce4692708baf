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

/** E.164 form of a phone number; Finnish numbers may be written without the country code. */
export function normalizePhone(raw: string): string | null {
  const text = raw.trim();
  // Digits, spaces and the usual punctuation only; 25 characters is more than any real number.
  if (text.length > 25 || !/^\+?[\d\s().-]+$/.test(text)) return null;
  const phone = parsePhoneNumberFromString(text, 'FI');
  return phone?.isValid() ? phone.number : null;
}
