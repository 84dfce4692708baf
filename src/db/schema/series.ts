import { sql } from 'drizzle-orm';
import { check, date, foreignKey, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { frequencies, oneOf } from './enums.ts';
import { groups } from './groups.ts';
import { hubs } from './hubs.ts';

export { frequencies, type Frequency } from './enums.ts';

/** A recurring activity's rule; each session is an event of its own (so one can be cancelled). */
export const series = pgTable(
  'series',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    // A group of the series' hub (composite key below).
    groupId: uuid('group_id'),
    frequency: text('frequency', { enum: frequencies }).notNull(),
    // ISO weekday, 1 = Monday.
    weekday: integer('weekday').notNull(),
    // Monthly: the nth such weekday of the month (1–4, or -1 for the last).
    nth: integer('nth'),
    // Wall-clock time in the hub's zone: 18:00 stays 18:00 across DST changes.
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    firstDate: date('first_date').notNull(),
    lastDate: date('last_date').notNull(),
    skipDates: date('skip_dates').array().notNull().default(sql`'{}'::date[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('series_hub_id').on(t.hubId, t.id),
    foreignKey({ name: 'series_group_in_hub', columns: [t.hubId, t.groupId], foreignColumns: [groups.hubId, groups.id] }),
    check('series_frequency', oneOf(t.frequency, frequencies)),
    check('series_weekday', sql`${t.weekday} BETWEEN 1 AND 7`),
    check('series_nth', sql`${t.nth} IS NULL OR ${t.nth} IN (-1, 1, 2, 3, 4)`),
    check('series_time', sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('series_duration', sql`${t.durationMinutes} BETWEEN 5 AND 1440`),
    check('series_dates', sql`${t.firstDate} <= ${t.lastDate}`),
  ],
);
