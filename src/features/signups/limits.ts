import { createHash } from 'node:crypto';
import type { Db } from '#db/client.ts';
import { type Hit, hitRateLimit, hitRateLimits, type RateOutcome } from '#features/rate-limit/mutations.ts';
import type { SignupInput } from './schema.ts';

// A hub's own kiosk or a library computer may sign up a whole class: lenient per address,
// strict per contact (one person rarely needs more than a few sign-ups an hour).
export const SIGNUPS_PER_ADDRESS = { limit: 60, windowSeconds: 600 };
export const SIGNUPS_PER_CONTACT = { limit: 10, windowSeconds: 3600 };
// Seats of one event that one address may ask for in an hour. Two or three families from a
// shared computer fit; a script taking a whole session (most hold 10 to 30) from one address
// does not. Staff add larger groups from the leaders' tools, which this limit does not touch.
export const SEATS_PER_ADDRESS_PER_EVENT = { limit: 10, windowSeconds: 3600 };

// Addresses and contacts are personal data: the counter keys hold only a hash of them.
const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
const keyed = (kind: string, value: string) => `signup:${kind}:${hashed(value)}`;

/**
 * One hit per address and per contact, and the party's seats against the address's share of
 * the event; the first limit reached decides. A repeated sign-up counts like a new one, so the
 * limits cannot tell the two apart either.
 */
const seatsKey = (eventId: string, ip: string) => `signup:seats:${eventId}:${hashed(ip)}`;
const seatsRule = (maxPartySize: number) => ({
  ...SEATS_PER_ADDRESS_PER_EVENT,
  // An event that takes bigger parties lets one address ask for at least one such party.
  limit: Math.max(SEATS_PER_ADDRESS_PER_EVENT.limit, maxPartySize),
});

/** Seats added to a sign-up from its manage link count against the same share as new ones. */
export async function chargeAddedSeats(
  db: Db,
  ip: string,
  ask: { eventId: string; seats: number; maxPartySize: number },
): Promise<RateOutcome> {
  if (ask.seats <= 0) return { allowed: true };
  return hitRateLimit(db, seatsKey(ask.eventId, ip), seatsRule(ask.maxPartySize), new Date(), ask.seats);
}

export async function checkSignupRate(
  db: Db,
  ip: string,
  input: Pick<SignupInput, 'email' | 'phone'>,
  ask: { eventId: string; seats: number; maxPartySize: number },
): Promise<RateOutcome> {
  const hits: Hit[] = [
    { key: keyed('ip', ip), rule: SIGNUPS_PER_ADDRESS },
    { key: seatsKey(ask.eventId, ip), rule: seatsRule(ask.maxPartySize), amount: ask.seats },
  ];
  if (input.email) hits.push({ key: keyed('email', input.email), rule: SIGNUPS_PER_CONTACT });
  if (input.phone) hits.push({ key: keyed('phone', input.phone), rule: SIGNUPS_PER_CONTACT });
  return hitRateLimits(db, hits);
}
