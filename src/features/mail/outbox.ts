import { inArray, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import type { OutboxChannel } from '#db/schema/enums.ts';
import { outbox, type OutboxKind } from '#db/schema/outbox.ts';

export interface OutgoingMessage {
  kind: OutboxKind;
  /** Email unless said otherwise; `reachOf` picks it for a sign-up. */
  channel?: OutboxChannel;
  recipient: string;
  language: string;
  signupId?: string;
  eventId?: string;
  // The hub whose admins see the message; taken from the event when there is one.
  hubId?: string;
  payload?: Record<string, unknown>;
}

/**
 * Where a sign-up's messages go: its email, or else a text message to its phone (decision 021).
 * Null for a walk-in with neither: no one to tell.
 */
export function reachOf(contact: { email: string | null; phone: string | null }): { channel: OutboxChannel; recipient: string } | null {
  if (contact.email) return { channel: 'email', recipient: contact.email };
  if (contact.phone) return { channel: 'sms', recipient: contact.phone };
  return null;
}

/**
 * Queues a message. Call it with the transaction that makes the change the message reports,
 * so that either both happen or neither does; the mail worker sends it later.
 */
export async function enqueueMessage(tx: Db, message: OutgoingMessage): Promise<void> {
  await enqueueMessages(tx, [message]);
}

/** Many messages in one statement (everyone on a list), inside the change's transaction. */
export async function enqueueMessages(tx: Db, messages: OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx.insert(outbox).values(
    messages.map((m) => ({
      kind: m.kind,
      channel: m.channel ?? ('email' as const),
      recipient: m.recipient,
      language: m.language,
      signupId: m.signupId,
      eventId: m.eventId,
      payload: m.payload ?? {},
      hubId: m.hubId ?? sql`(SELECT ${events.hubId} FROM ${events} WHERE ${events.id} = ${m.eventId ?? null}::uuid)`,
    })),
  );
}

/**
 * Which of these dedupe keys are queued already (the schedulers' rounds repeat every minute;
 * most of what they find due was queued on an earlier round): one query for all.
 */
export async function queuedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.select({ key: outbox.dedupeKey }).from(outbox).where(inArray(outbox.dedupeKey, keys));
  return new Set(rows.flatMap((r) => (r.key === null ? [] : [r.key])));
}
