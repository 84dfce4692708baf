import { and, eq, gt } from 'drizzle-orm';
import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { helperProfileLinks } from '#db/schema/helper-profiles.ts';
import { enqueueMessage, reachOf } from '#features/mail/outbox.ts';
import { hashToken, looksLikeToken, newToken } from '#lib/tokens.ts';
import type { Contact } from './schema.ts';

// Long enough to fill the form at leisure, short enough that an old message in an inbox is no
// lasting key to the profile: a new link is one form away (decision 032).
export const PROFILE_LINK_TTL_MS = 7 * 86_400_000;

export interface ProfileAccess {
  hubId: string;
  email: string | null;
  phone: string | null;
  reach: string;
  language: string;
}

export const profileUrl = (language: string, token: string) => `${getConfig().publicUrl}/${language}/helpers/profile/${token}`;

/** A new link for a contact; only its hash is kept. The caller sends it to that contact alone. */
export async function issueProfileLink(tx: Db, hubId: string, contact: Contact, language: string, now = new Date()): Promise<string> {
  const reach = reachOf(contact);
  if (!reach) throw new Error('a profile link needs an email or a phone');
  const token = newToken();
  await tx.insert(helperProfileLinks).values({
    tokenHash: hashToken(token),
    hubId,
    email: contact.email,
    phone: contact.email ? null : contact.phone,
    reach: reach.recipient,
    language,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PROFILE_LINK_TTL_MS),
  });
  return token;
}

/**
 * Someone asks for their profile link: it goes to the contact given, whether or not a profile
 * exists (the first save makes one), so the answer tells a stranger nothing.
 */
export async function requestProfileLink(db: Db, hubId: string, contact: Contact, language: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const token = await issueProfileLink(tx as Db, hubId, contact, language, now);
    await enqueueMessage(tx as Db, {
      kind: 'helper-profile-link',
      ...reachOf(contact)!,
      hubId,
      language,
      payload: { url: profileUrl(language, token) },
    });
  });
}

/** Whose contact a profile link proves, while it lasts; null for anything else. */
export async function profileAccess(db: Db, hubId: string, token: string, now = new Date()): Promise<ProfileAccess | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select()
    .from(helperProfileLinks)
    .where(
      and(eq(helperProfileLinks.tokenHash, hashToken(token)), eq(helperProfileLinks.hubId, hubId), gt(helperProfileLinks.expiresAt, now)),
    );
  return row ? { hubId: row.hubId, email: row.email, phone: row.phone, reach: row.reach, language: row.language } : null;
}

/**
 * A helper holding their offer's link (which only ever reached their contact) gets a profile
 * link for that contact at once, without a message: the page goes straight to the profile form.
 */
export async function profileLinkFromOffer(
  db: Db,
  hubId: string,
  offer: { email: string | null; phone: string | null; decoy: boolean; language: string },
  language: string,
  now = new Date(),
): Promise<string | null> {
  if (offer.decoy || !reachOf(offer)) return null;
  const token = await issueProfileLink(db, hubId, { email: offer.email, phone: offer.phone }, language, now);
  return `/${language}/helpers/profile/${token}`;
}
