import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { feedback } from '#db/schema/feedback.ts';

export interface EventFeedback {
  answers: number;
  /** Rounded to one decimal, '' with no answers. */
  average: string;
  counts: Record<1 | 2 | 3 | 4 | 5, number>;
  comments: { score: number; comment: string; createdAt: Date }[];
}

/** An average as the page and the CSVs write it: one decimal, or '' for none. */
export const formatAverage = (sum: number, n: number) => (n > 0 ? (Math.round((sum / n) * 10) / 10).toFixed(1) : '');

/** The answers of one event for its leaders' page (the caller has checked 'feedback:read'). */
export async function eventFeedback(db: Db, eventId: string): Promise<EventFeedback> {
  const rows = await db
    .select({ score: feedback.score, n: sql<number>`count(*)::int` })
    .from(feedback)
    .where(eq(feedback.eventId, eventId))
    .groupBy(feedback.score);
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  let answers = 0;
  for (const r of rows) {
    counts[r.score as 1] = Number(r.n);
    sum += r.score * Number(r.n);
    answers += Number(r.n);
  }
  const comments = await db
    .select({ score: feedback.score, comment: feedback.comment, createdAt: feedback.createdAt })
    .from(feedback)
    .where(and(eq(feedback.eventId, eventId), ne(feedback.comment, '')))
    .orderBy(desc(feedback.createdAt));
  return { answers, average: formatAverage(sum, answers), counts, comments };
}
