import type { Config } from '#config';
import type { Db } from '#db/client.ts';
import type { outbox } from '#db/schema/outbox.ts';
import { composeMessage } from './compose.ts';
import { composeSms } from './sms-compose.ts';
import type { SmsTransport } from './sms-transport.ts';
import type { MailTransport } from './transport.ts';

type OutboxRow = typeof outbox.$inferSelect;

/**
 * How an outbox row reaches a person: by email, or by text message for phone-only sign-ups
 * (decision 021). Both keep the same leases, retries and exactly-once rules in the worker.
 */
export interface Channel {
  /**
   * `handOver` re-confirms the worker still holds the message's lease; it is asked right
   * before the message leaves, and 'lost' means another worker has it now.
   */
  deliver(db: Db, row: OutboxRow, handOver: () => Promise<boolean>): Promise<'sent' | 'lost' | { skipped: string }>;
}

export function emailChannel(transport: MailTransport, config: Config): Channel {
  return {
    async deliver(db, row, handOver) {
      // Never an email to a phone number, whoever hands this channel a text message's row.
      if (row.channel !== 'email') return { skipped: `not an email (${row.channel})` };
      const composed = await composeMessage(db, row, config);
      if (composed.kind === 'skip') return { skipped: composed.reason };
      if (!(await handOver())) return 'lost';
      await transport.send(composed.message);
      return 'sent';
    },
  };
}

/** Text messages through an SMPP gateway (or files); the lease is re-checked right before submit_sm. */
export function smsChannel(transport: SmsTransport): Channel {
  return {
    async deliver(db, row, handOver) {
      if (row.channel !== 'sms') return { skipped: `not a text message (${row.channel})` };
      const composed = await composeSms(db, row);
      if (composed.kind === 'skip') return { skipped: composed.reason };
      if (!(await handOver())) return 'lost';
      await transport.send({ to: row.recipient, text: composed.text, id: row.id, date: new Date() });
      return 'sent';
    },
  };
}

/** Hands each row to the channel its `channel` column names. */
export function byChannel(channels: Record<OutboxRow['channel'], Channel>): Channel {
  return {
    deliver: (db, row, handOver) => channels[row.channel].deliver(db, row, handOver),
  };
}
