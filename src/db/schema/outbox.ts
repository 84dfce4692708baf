import { foreignKey, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { hubs } from './hubs.ts';
import { oneOf, outboxChannels, outboxKinds, outboxStatuses, type OutboxChannel, type OutboxKind, type OutboxStatus } from './enums.ts';
import { signups } from './signups.ts';

export { outboxKinds, type OutboxKind } from './enums.ts';

/**
 * Messages to send, written in the same transaction as the change they report; a worker
 * delivers them. `payload` may hold a manage link until the message is sent (decision 006).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The hub whose event (or account, for sign-in links) the message is about: its admins see it.
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    kind: text('kind').$type<OutboxKind>().notNull(),
    channel: text('channel').$type<OutboxChannel>().notNull().default('email'),
    recipient: text('recipient').notNull(),
    language: text('language').notNull(),
    signupId: uuid('signup_id').references(() => signups.id),
    // An event of the message's hub (composite key below).
    eventId: uuid('event_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
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
    index('outbox_hub_created').on(t.hubId, t.createdAt),
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
    foreignKey({ name: 'outbox_event_in_hub', columns: [t.hubId, t.eventId], foreignColumns: [events.hubId, events.id] }),
    check('outbox_status', oneOf(t.status, outboxStatuses)),
    check('outbox_channel', oneOf(t.channel, outboxChannels)),
    check('outbox_kind', oneOf(t.kind, outboxKinds)),
  ],
);
