import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { helperOfferStatuses, helperTaskKinds, oneOf, type HelperOfferStatus, type HelperTaskKind } from './enums.ts';
import { translated } from './translated.ts';

export { helperOfferStatuses, helperTaskKinds, type HelperOfferStatus, type HelperTaskKind } from './enums.ts';

/**
 * What an event needs helpers for (decision 031). `confirmed` is a counter like
 * `events.seats_taken`: only `features/seats/helper-places.ts` writes it, under the task's row
 * lock, and the CHECK refuses more confirmed helpers than needed whatever a caller forgets.
 */
export const helperTasks = pgTable(
  'helper_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<HelperTaskKind>().notNull(),
    // The language an interpreter interprets into (ISO 639); null for other kinds.
    language: text('language'),
    // A custom task's name, per content language.
    name: translated('name'),
    needed: integer('needed').notNull(),
    confirmed: integer('confirmed').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('helper_tasks_event').on(t.eventId),
    check('helper_tasks_kind', oneOf(t.kind, helperTaskKinds)),
    check('helper_tasks_needed', sql`${t.needed} BETWEEN 1 AND 50`),
    check('helper_tasks_confirmed', sql`${t.confirmed} >= 0 AND ${t.confirmed} <= ${t.needed}`),
    check('helper_tasks_language', sql`(${t.kind} = 'interpreter') = (${t.language} IS NOT NULL)`),
    check('helper_tasks_language_code', sql`${t.language} IS NULL OR ${t.language} ~ '^[a-z]{2,3}$'`),
  ],
);

/**
 * Someone offering to help with a task. `reach` is where their messages and link go (the email,
 * or else the phone): one live offer per task and reach; a repeat is a decoy (decision 015).
 * `minutes` is the volunteer time a leader confirmed; kept until the helper deletes it.
 */
export const helperOffers = pgTable(
  'helper_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => helperTasks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    reach: text('reach'),
    // Languages the helper speaks (ISO 639 codes).
    spoken: text('spoken').array().notNull().default(sql`'{}'::text[]`),
    language: text('language').notNull(),
    status: text('status').$type<HelperOfferStatus>().notNull().default('offered'),
    // A repeated offer (same task, same reach as a live one): answered like a new one, never
    // counted, listed or confirmed (decision 015).
    decoy: boolean('decoy').notNull().default(false),
    minutes: integer('minutes'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    anonymizedAt: timestamp('anonymized_at', { withTimezone: true }),
  },
  (t) => [
    index('helper_offers_task').on(t.taskId, t.status),
    index('helper_offers_reach').on(t.reach),
    uniqueIndex('helper_offers_task_reach')
      .on(t.taskId, t.reach)
      .where(sql`${t.reach} IS NOT NULL AND NOT ${t.decoy} AND ${t.status} IN ('offered', 'confirmed')`),
    check('helper_offers_status', oneOf(t.status, helperOfferStatuses)),
    check('helper_offers_contact', sql`${t.reach} IS NOT NULL OR ${t.anonymizedAt} IS NOT NULL`),
    check('helper_offers_name', sql`char_length(${t.name}) BETWEEN 1 AND 80 OR (${t.name} = '' AND ${t.anonymizedAt} IS NOT NULL)`),
    check('helper_offers_email', sql`${t.email} IS NULL OR (char_length(${t.email}) <= 254 AND ${t.email} = lower(${t.email}))`),
    check('helper_offers_phone', sql`${t.phone} IS NULL OR ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check('helper_offers_minutes', sql`${t.minutes} IS NULL OR (${t.minutes} BETWEEN 0 AND 1440 AND ${t.status} = 'confirmed')`),
    check('helper_offers_decoy', sql`NOT ${t.decoy} OR (${t.status} IN ('offered', 'cancelled') AND ${t.minutes} IS NULL)`),
  ],
);

/** Manage links of offers: only the SHA-256 of each token. An offer may have several. */
export const helperTokens = pgTable(
  'helper_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => helperOffers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('helper_tokens_offer').on(t.offerId)],
);
