import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import type { Answers } from './signups.ts';

/**
 * What a repeated sign-up (same event, same email or phone as a live sign-up) gets instead of
 * a second sign-up: a record of what was typed, with a manage link of its own, so the answer
 * looks like a new sign-up's without telling anyone that the contact is signed up
 * (docs/decisions/015). It takes no seat, is never listed, counted or reminded, and is deleted
 * once its event has ended.
 */
export const signupDecoys = pgTable(
  'signup_decoys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    // SHA-256 of its manage token, like signup_tokens.
    tokenHash: text('token_hash').notNull().unique(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    adults: integer('adults').notNull(),
    children: integer('children').notNull().default(0),
    smallChildren: integer('small_children').notNull().default(0),
    seats: integer('seats').notNull(),
    status: text('status', { enum: ['confirmed', 'waitlisted', 'cancelled'] }).notNull(),
    language: text('language').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    // The last real queue number when it was made: its waiting-list place is counted from there.
    queueAfter: bigint('queue_after', { mode: 'number' }).notNull().default(0),
    remindersOff: boolean('reminders_off').notNull().default(false),
    smsOff: boolean('sms_off').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('signup_decoys_event').on(t.eventId),
    check('signup_decoys_status', sql`${t.status} IN ('confirmed', 'waitlisted', 'cancelled')`),
  ],
);
