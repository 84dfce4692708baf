import { and, desc, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';
import type { Reach } from '#features/attendees/reach.ts';
import { SMS_CAP, SMS_OFF } from '#features/mail/sms-compose.ts';
import type { Offer } from './queries.ts';

/**
 * How messages reach each helper of an event, as the leader's helpers page shows it, like the
 * attendee list (decision 021): the way the latest message to their contact went, else the way
 * the next would go. A phone-only helper at a hub with text messages off (or over the cap) gets
 * nothing, not even the link to their hours: the leader calls them (decision 031).
 */
export async function helperReach(db: Db, eventId: string, offers: Offer[], hub: { smsEnabled: boolean }): Promise<Map<string, Reach>> {
  const contacts = offers.flatMap((o) => (o.reach ? [o.reach] : []));
  const latest = contacts.length
    ? await db
        .selectDistinctOn([outbox.recipient], {
          recipient: outbox.recipient,
          channel: outbox.channel,
          status: outbox.status,
          lastError: outbox.lastError,
        })
        .from(outbox)
        .where(and(eq(outbox.eventId, eventId), like(outbox.kind, 'helper-%'), inArray(outbox.recipient, contacts)))
        .orderBy(outbox.recipient, desc(outbox.createdAt))
    : [];
  const byContact = new Map(latest.map((r) => [r.recipient, r]));
  const reach = new Map<string, Reach>();
  for (const o of offers) {
    const last = o.reach ? byContact.get(o.reach) : undefined;
    let how: Reach;
    if (!o.reach) how = 'none';
    else if (last?.status === 'failed') how = 'failed';
    else if (last?.status === 'skipped' && (last.lastError === SMS_OFF || last.lastError === SMS_CAP)) how = 'off';
    else if (!o.email && !hub.smsEnabled) how = 'off';
    else how = last?.channel ?? (o.email ? 'email' : 'sms');
    reach.set(o.id, how);
  }
  return reach;
}
