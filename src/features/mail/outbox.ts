import type { Db } from '../../db/client.ts';
import { outbox, type OutboxKind } from '../../db/schema/outbox.ts';

export interface OutgoingMessage {
  kind: OutboxKind;
  recipient: string;
  language: string;
  signupId?: string;
  eventId?: string;
  payload?: Record<string, unknown>;
}

/**
 * Queues a message. Call it with the transaction that makes the change the message reports,
 * so that either both happen or neither does; the mail worker sends it later.
 */
export async function enqueueMessage(tx: Db, message: OutgoingMessage): Promise<void> {
  await tx.insert(outbox).values({
    kind: message.kind,
    channel: 'email',
    recipient: message.recipient,
    language: message.language,
    signupId: message.signupId,
    eventId: message.eventId,
    payload: message.payload ?? {},
  });
}
