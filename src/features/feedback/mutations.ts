import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { feedback, feedbackLinks } from '#db/schema/feedback.ts';
import { eventAccess } from '#features/attendees/access.ts';
import type { Actor } from '#features/auth/policy.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';
import type { FeedbackScore } from './faces.ts';

export const FEEDBACK_COMMENT_MAX = 1000;

export interface FeedbackLinkView {
  eventId: string;
  hubId: string;
  language: string;
  title: (typeof events.$inferSelect)['title'];
  startsAt: Date;
  endsAt: Date;
  answer: { score: number; comment: string } | null;
}

/** What a feedback link's page shows: its event and the answer given so far; null for no such link. */
export async function findFeedbackLink(db: Db, token: string | undefined): Promise<FeedbackLinkView | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({
      eventId: feedbackLinks.eventId,
      language: feedbackLinks.language,
      hubId: events.hubId,
      title: events.title,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      score: feedback.score,
      comment: feedback.comment,
    })
    .from(feedbackLinks)
    .innerJoin(events, eq(events.id, feedbackLinks.eventId))
    .leftJoin(feedback, eq(feedback.tokenHash, feedbackLinks.tokenHash))
    .where(eq(feedbackLinks.tokenHash, hashToken(token)));
  if (!row) return null;
  const { score, comment, ...rest } = row;
  return { ...rest, answer: score === null ? null : { score, comment: comment ?? '' } };
}

export type AnswerOutcome = { kind: 'saved'; score: number } | { kind: 'not-found' } | { kind: 'too-long' };

/**
 * Saves the answer of a feedback link; answering again replaces the one answer (a single
 * upsert on the link's hash, so two quick taps still leave one row).
 */
export async function answerFeedback(
  db: Db,
  token: string | undefined,
  answer: { score: FeedbackScore; comment: string },
  now = new Date(),
): Promise<AnswerOutcome> {
  const comment = answer.comment.trim();
  if (comment.length > FEEDBACK_COMMENT_MAX) return { kind: 'too-long' };
  if (!looksLikeToken(token)) return { kind: 'not-found' };
  const tokenHash = hashToken(token);
  const [link] = await db.select().from(feedbackLinks).where(eq(feedbackLinks.tokenHash, tokenHash));
  if (!link) return { kind: 'not-found' };
  await db
    .insert(feedback)
    .values({
      eventId: link.eventId,
      score: answer.score,
      comment,
      language: link.language,
      source: 'link',
      tokenHash,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: feedback.tokenHash, set: { score: answer.score, comment, updatedAt: sql`now()` } });
  return { kind: 'saved', score: answer.score };
}

export type KioskOutcome = { kind: 'saved' } | { kind: 'forbidden' } | { kind: 'not-found' } | { kind: 'too-long' };

/** One anonymous answer collected on a leader's phone at the end of a session (kiosk mode). */
export async function recordKioskAnswer(
  db: Db,
  actor: Actor,
  args: { eventId: string; score: FeedbackScore; comment: string; language: string },
): Promise<KioskOutcome> {
  const comment = args.comment.trim();
  if (comment.length > FEEDBACK_COMMENT_MAX) return { kind: 'too-long' };
  const access = await eventAccess(db, actor, args.eventId, 'feedback:collect');
  if (access.kind !== 'allowed') return access;
  await db.insert(feedback).values({ eventId: args.eventId, score: args.score, comment, language: args.language, source: 'kiosk' });
  return { kind: 'saved' };
}
