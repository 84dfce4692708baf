import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { oneOf, signupStatuses } from './enums.ts';

export { signupStatuses, type SignupStatus } from './enums.ts';
export type Answers = Record<string, string | string[] | boolean>;

export const signups = pgTable(
  'signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    // Arrival order, taken while the event row is locked: the waiting list's order.
    queueNo: bigint('queue_no', { mode: 'number' }).generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    adults: integer('adults').notNull(),
    children: integer('children').notNull().default(0),
    smallChildren: integer('small_children').notNull().default(0),
    // Seats this party takes: adults + children (+ small children when the event counts them).
    seats: integer('seats').notNull(),
    status: text('status', { enum: signupStatuses }).notNull(),
    language: text('language').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    // Set from the List-Unsubscribe link of a reminder: no more reminders for this sign-up.
    remindersOff: boolean('reminders_off').notNull().default(false),
    // Set from the manage page: no more text messages for this sign-up (decision 021).
    smsOff: boolean('sms_off').notNull().default(false),
    // Added at the door by a leader: no contact needed.
    walkIn: boolean('walk_in').notNull().default(false),
    // Marked by the leader at the event; null until marked.
    attended: boolean('attended'),
    // How many of the party came (0 when marked absent); null until marked. Figures count these
    // people, not parties (decision 029).
    attendedPeople: integer('attended_people'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    // Set when retention removed the name, contacts and answers; the counts stay for reports.
    anonymizedAt: timestamp('anonymized_at', { withTimezone: true }),
    // The person deleted their own data from the manage link (decision 025); anonymized_at is set too.
    removedByPerson: boolean('removed_by_person').notNull().default(false),
    // Whether the contact had signed up at this hub before (within the retention time), decided
    // when the sign-up is made; null for walk-ins and sign-ups older than the column (decision 024).
    firstTime: boolean('first_time'),
  },
  (t) => [
    // One live sign-up per contact and event; a cancelled one does not block signing up again.
    uniqueIndex('signups_event_email').on(t.eventId, t.email).where(sql`${t.email} IS NOT NULL AND ${t.status} <> 'cancelled'`),
    uniqueIndex('signups_event_phone').on(t.eventId, t.phone).where(sql`${t.phone} IS NOT NULL AND ${t.status} <> 'cancelled'`),
    uniqueIndex('signups_queue_no').on(t.queueNo),
    index('signups_event_status').on(t.eventId, t.status, t.queueNo),
    check('signups_contact', sql`${t.email} IS NOT NULL OR ${t.phone} IS NOT NULL OR ${t.walkIn} OR ${t.anonymizedAt} IS NOT NULL`),
    // A walk-in may come without a name ("1 adult, 2 children", decision 029).
    check(
      'signups_name',
      sql`char_length(${t.name}) BETWEEN 1 AND 80 OR (${t.name} = '' AND (${t.anonymizedAt} IS NOT NULL OR ${t.walkIn}))`,
    ),
    check('signups_email', sql`${t.email} IS NULL OR (char_length(${t.email}) <= 254 AND ${t.email} = lower(${t.email}))`),
    check('signups_phone', sql`${t.phone} IS NULL OR ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check('signups_party', sql`${t.adults} BETWEEN 1 AND 50 AND ${t.children} BETWEEN 0 AND 50 AND ${t.smallChildren} BETWEEN 0 AND 50`),
    check('signups_seats', sql`${t.seats} BETWEEN 1 AND 150`),
    check(
      'signups_attended_people',
      sql`(${t.attended} IS NULL AND ${t.attendedPeople} IS NULL) OR (${t.attendedPeople} BETWEEN 0 AND 150 AND ${t.attended} = (${t.attendedPeople} > 0))`,
    ),
    check('signups_status', oneOf(t.status, signupStatuses)),
  ],
);

/** Manage-link tokens: only the SHA-256 of each is kept. A sign-up may have several. */
export const signupTokens = pgTable(
  'signup_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    signupId: uuid('signup_id')
      .notNull()
      .references(() => signups.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('signup_tokens_signup').on(t.signupId)],
);
