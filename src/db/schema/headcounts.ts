import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { hubs } from './hubs.ts';
import { translated } from './translated.ts';

/**
 * The groups a hub counts drop-in visitors in (first visit / returning, adults / children, a
 * language of service…), set by the coordinator. Archived ones are no longer offered but keep
 * their counts in the reports.
 */
export const countGroups = pgTable(
  'count_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    label: translated('label'),
    position: integer('position').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
  },
  (t) => [unique('count_groups_hub_id').on(t.hubId, t.id)],
);

/**
 * Visitors counted at a drop-in session, per count group (`slot` is a count group's id, or ''
 * with no groups). A tap is one `INSERT … ON CONFLICT DO UPDATE SET n = greatest(n + d, 0)`:
 * taps of several leaders at once all count, and no count goes below zero (decision 024).
 * No personal data: retention leaves these alone.
 */
export const headcounts = pgTable(
  'headcounts',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id),
    slot: text('slot').notNull().default(''),
    n: integer('n').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.slot] }), check('headcounts_n', sql`${t.n} >= 0`)],
);
