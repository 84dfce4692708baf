import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signups } from '#db/schema/signups.ts';

/**
 * Whether a contact signs up at this hub for the first time, as far as the hub still knows:
 * only sign-ups whose contacts retention has not yet removed can tell (decision 024). The answer
 * is kept on the sign-up as a yes/no, so the figure outlives the contact.
 */
export async function isFirstTime(tx: Db, hubId: string, contact: { email: string | null; phone: string | null }): Promise<boolean | null> {
  const same: SQL[] = [];
  if (contact.email) same.push(eq(signups.email, contact.email));
  if (contact.phone) same.push(eq(signups.phone, contact.phone));
  if (same.length === 0) return null;
  const [seen] = await tx
    .select({ one: sql<number>`1` })
    .from(signups)
    .innerJoin(events, eq(events.id, signups.eventId))
    .where(and(eq(events.hubId, hubId), or(...same)))
    .limit(1);
  return !seen;
}
