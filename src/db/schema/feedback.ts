import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { feedbackSources, oneOf } from './enums.ts';
import { signups } from './signups.ts';

export { feedbackSources, type FeedbackSource } from './enums.ts';

/**
 * The links of "How was it?" messages (decision 027): only the SHA-256 of each token is kept,
 * like manage links. A link belongs to one sign-up until retention (or the person) removes the
 * sign-up's data; then the link row goes and its answer stays, unlinked.
 */
export const feedbackLinks = pgTable(
  'feedback_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    signupId: uuid('signup_id')
      .notNull()
      .references(() => signups.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_links_signup').on(t.signupId)],
);

/**
 * One answer to "How was it?": a face from 1 to 5 and an optional comment. No personal data:
 * a link's answer points at its link only while the link exists (answering again updates the
 * one answer); kiosk answers are anonymous from the start. Retention keeps these rows.
 */
export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    language: text('language').notNull(),
    source: text('source').$type<(typeof feedbackSources)[number]>().notNull(),
    tokenHash: text('token_hash')
      .unique('feedback_token_hash')
      .references(() => feedbackLinks.tokenHash, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('feedback_event').on(t.eventId),
    check('feedback_score', sql`${t.score} BETWEEN 1 AND 5`),
    check('feedback_comment', sql`char_length(${t.comment}) <= 1000`),
    check('feedback_source', oneOf(t.source, feedbackSources)),
  ],
);
