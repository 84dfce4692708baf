import type { Config } from '#config';
import type { Db } from '#db/client.ts';
import type { outbox } from '#db/schema/outbox.ts';
import { composeMessage } from './compose.ts';
import type { MailTransport } from './transport.ts';

type OutboxRow = typeof outbox.$inferSelect;

/**
 * How an outbox row reaches a person. Email is the one channel today; an SMS channel for
 * phone-only sign-ups would be another implementation of this.
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
      const composed = await composeMessage(db, row, config);
      if (composed.kind === 'skip') return { skipped: composed.reason };
      if (!(await handOver())) return 'lost';
      await transport.send(composed.message);
      return 'sent';
    },
  };
}
