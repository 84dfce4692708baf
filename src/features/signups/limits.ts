import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { hitRateLimit, type RateOutcome } from '../rate-limit/mutations.ts';
import type { SignupInput } from './schema.ts';

// A hub's own kiosk or a library computer may sign up a whole class: lenient per address,
// strict per contact (one person rarely needs more than a few sign-ups an hour).
export const SIGNUPS_PER_ADDRESS = { limit: 60, windowSeconds: 600 };
export const SIGNUPS_PER_CONTACT = { limit: 10, windowSeconds: 3600 };

// Contacts are personal data: the counter keys hold only a hash of them.
const keyed = (kind: string, value: string) => `signup:${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;

/** One hit per address and per contact; the first limit reached decides. */
export async function checkSignupRate(db: Db, ip: string, input: Pick<SignupInput, 'email' | 'phone'>): Promise<RateOutcome> {
  const checks = [hitRateLimit(db, keyed('ip', ip), SIGNUPS_PER_ADDRESS)];
  if (input.email) checks.push(hitRateLimit(db, keyed('email', input.email), SIGNUPS_PER_CONTACT));
  if (input.phone) checks.push(hitRateLimit(db, keyed('phone', input.phone), SIGNUPS_PER_CONTACT));
  const outcomes = await Promise.all(checks);
  return outcomes.find((o) => !o.allowed) ?? { allowed: true };
}
