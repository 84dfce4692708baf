import { asc, eq, ne, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { signups } from '#db/schema/signups.ts';

export type BrokenCounters = {
  eventId: string;
  slug: string;
  seatsTaken: number;
  confirmedSeats: number;
  waitingCount: number;
  waiting: number;
};

/**
 * Events whose counters disagree with their sign-ups: `seats_taken` must be the sum of the
 * confirmed parties' seats and `waiting_count` the number of parties waiting. Run after every
 * concurrency test and by operators (`npm run cli -- check`); empty when all is well.
 */
export async function findBrokenCounters(db: Db): Promise<BrokenCounters[]> {
  const confirmed = sql<number>`coalesce(sum(${signups.seats}) FILTER (WHERE ${signups.status} = 'confirmed'), 0)::int`;
  const waiting = sql<number>`(count(${signups.id}) FILTER (WHERE ${signups.status} = 'waitlisted'))::int`;
  const rows = await db
    .select({
      eventId: events.id,
      slug: events.slug,
      seatsTaken: events.seatsTaken,
      confirmedSeats: confirmed,
      waitingCount: events.waitingCount,
      waiting,
    })
    .from(events)
    .leftJoin(signups, eq(signups.eventId, events.id))
    .groupBy(events.id)
    .having(or(ne(events.seatsTaken, confirmed), ne(events.waitingCount, waiting)))
    .orderBy(asc(events.startsAt), asc(events.id));
  return rows.map((r) => ({ ...r, confirmedSeats: Number(r.confirmedSeats), waiting: Number(r.waiting) }));
}

/** One line per broken event, as the CLI prints it. */
export const describeBroken = (b: BrokenCounters) =>
  `${b.slug} (${b.eventId}): seats_taken ${b.seatsTaken} but confirmed parties hold ${b.confirmedSeats}; waiting_count ${b.waitingCount} but ${b.waiting} waiting`;
