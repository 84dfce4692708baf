import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';
import { SMS_CAP, SMS_OFF, SMS_STOPPED } from '#features/mail/sms-compose.ts';

/** How messages reach an attendee, as the leader's list shows it (decision 021). */
export type Reach = 'email' | 'sms' | 'none' | 'stopped' | 'off' | 'failed';

/**
 * Per sign-up of the event: the way its latest message went (or why it did not), else the way
 * the next one would go. A phone-only person whose text messages are stopped, or whose hub has
 * them off or over the cap, is not reached: the leader should call.
 */
export async function messageReach(
  db: Db,
  eventId: string,
  attendees: { id: string; email: string | null; phone: string | null; smsOff: boolean }[],
  hub: { smsEnabled: boolean },
): Promise<Map<string, Reach>> {
  const latest = await db
    .selectDistinctOn([outbox.signupId], {
      signupId: outbox.signupId,
      channel: outbox.channel,
      status: outbox.status,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), isNotNull(outbox.signupId)))
    .orderBy(outbox.signupId, desc(outbox.createdAt));
  const byId = new Map(latest.map((r) => [r.signupId!, r]));
  const reach = new Map<string, Reach>();
  for (const a of attendees) {
    const last = byId.get(a.id);
    let how: Reach;
    if (!a.email && !a.phone) how = 'none';
    else if (!a.email && a.smsOff) how = 'stopped';
    else if (last?.status === 'failed') how = 'failed';
    else if (last?.status === 'skipped' && last.lastError === SMS_STOPPED) how = 'stopped';
    else if (last?.status === 'skipped' && (last.lastError === SMS_OFF || last.lastError === SMS_CAP)) how = 'off';
    else if (!last && !a.email && !hub.smsEnabled) how = 'off';
    else how = last?.channel ?? (a.email ? 'email' : 'sms');
    reach.set(a.id, how);
  }
  return reach;
}
