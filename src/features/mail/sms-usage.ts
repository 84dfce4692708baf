import { TZDate } from '@date-fns/tz';
import { and, count, eq, gte } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';

/** The first instant of the hub-local calendar month that `now` is in. */
export function monthStart(now: Date, timeZone: string): Date {
  const local = new TZDate(now.getTime(), timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), 1, 0, 0, 0, timeZone).getTime());
}

/** Text messages the hub has sent this (hub-local) month: what its monthly cap counts. */
export async function smsSentThisMonth(db: Db, hubId: string, timeZone: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(
      and(eq(outbox.hubId, hubId), eq(outbox.channel, 'sms'), eq(outbox.status, 'sent'), gte(outbox.sentAt, monthStart(now, timeZone))),
    );
  return Number(row?.n ?? 0);
}
