import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { signups } from './signups.ts';

export const outboxKinds = [
  'signup-confirmed', 'signup-waitlisted', 'signup-promoted', 'signup-cancelled', 'signup-link',
  'reminder', 'event-changed', 'event-cancelled', 'feedback', 'leader-message', 'login-link', 'password-changed',
] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/**
 * Messages to send, written in the same transaction as the change they report; a worker
 * delivers them. `payload` may hold a manage link until the message is sent (decision 006).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<OutboxKind>().notNull(),
    channel: text('channel').notNull().default('email'),
    recipient: text('recipient').notNull(),
    language: text('language').notNull(),
    signupId: uuid('signup_id').references(() => signups.id),
    eventId: uuid('event_id').references(() => events.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    // A claimed row belongs to its worker until then; a worker that died gives it up by itself.
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    // Scheduled messages (reminders) carry a key, so a restart or a second worker never adds one twice.
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    index('outbox_due').on(t.status, t.runAfter),
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
    check('outbox_status', sql`${t.status} IN ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    check('outbox_channel', sql`${t.channel} IN ('email', 'sms')`),
  ],
);
