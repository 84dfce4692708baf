import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { eventModes, eventStatuses, oneOf } from './enums.ts';
import { series } from './series.ts';
import { categories } from './categories.ts';
import { groups } from './groups.ts';
import { hubs } from './hubs.ts';
import { places } from './places.ts';
import { pictures } from './pictures.ts';
import { translated } from './translated.ts';
import { SLUG_PATTERN } from '#lib/slug.ts';

export { eventModes, eventStatuses, type EventMode, type EventStatus } from './enums.ts';

export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    // Group, category, place and series are the event's hub's own: composite keys below.
    groupId: uuid('group_id'),
    categoryId: uuid('category_id').notNull(),
    placeId: uuid('place_id'),
    slug: text('slug').notNull(),
    title: translated('title'),
    summary: translated('summary'),
    description: translated('description'),
    whatToBring: translated('what_to_bring'),
    // Most events are free; an excursion may cost a few euros paid on the spot.
    costCents: integer('cost_cents'),
    costNote: translated('cost_note'),
    // An optional picture (decision 028) and its text for those who cannot see it.
    pictureId: uuid('picture_id').references(() => pictures.id, { onDelete: 'set null' }),
    pictureAlt: translated('picture_alt'),
    // Lower-cased text of title, summary and description in every language, written by
    // eventSearchText(): the database's own case folding depends on its locale.
    searchText: text('search_text').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    mode: text('mode', { enum: eventModes }).notNull(),
    capacity: integer('capacity'),
    // Kept in the row (not counted on each read) so a locked UPDATE with the check below
    // makes overbooking impossible whatever arrives at once.
    seatsTaken: integer('seats_taken').notNull().default(0),
    waitlist: boolean('waitlist').notNull().default(false),
    waitingCount: integer('waiting_count').notNull().default(0),
    // Largest party (adults + children) one sign-up may bring.
    maxPartySize: integer('max_party_size').notNull().default(6),
    signupOpensAt: timestamp('signup_opens_at', { withTimezone: true }),
    // Null: sign-up closes when the event starts.
    signupClosesAt: timestamp('signup_closes_at', { withTimezone: true }),
    // Children younger than this take no seat (a lap child); null: every child takes one.
    freeChildAge: integer('free_child_age'),
    // Null: the hub's setting.
    reminderHours: integer('reminder_hours'),
    morningReminder: boolean('morning_reminder'),
    spokenLanguages: text('spoken_languages').array().notNull().default(sql`'{}'::text[]`),
    interpreter: boolean('interpreter').notNull().default(false),
    audiences: text('audiences').array().notNull().default(sql`'{everyone}'::text[]`),
    status: text('status', { enum: eventStatuses }).notNull().default('scheduled'),
    // Grows on every change of time, place or status (iCal SEQUENCE).
    sequence: integer('sequence').notNull().default(0),
    published: boolean('published').notNull().default(true),
    // Sessions of a recurring series: which series, and the hub-local date this one stands for.
    seriesId: uuid('series_id'),
    occurrence: date('occurrence'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('events_hub_slug').on(t.hubId, t.slug),
    unique('events_hub_id').on(t.hubId, t.id),
    foreignKey({ name: 'events_category_in_hub', columns: [t.hubId, t.categoryId], foreignColumns: [categories.hubId, categories.id] }),
    foreignKey({ name: 'events_place_in_hub', columns: [t.hubId, t.placeId], foreignColumns: [places.hubId, places.id] }),
    foreignKey({ name: 'events_group_in_hub', columns: [t.hubId, t.groupId], foreignColumns: [groups.hubId, groups.id] }),
    foreignKey({ name: 'events_series_in_hub', columns: [t.hubId, t.seriesId], foreignColumns: [series.hubId, series.id] }),
    index('events_hub_starts').on(t.hubId, t.startsAt),
    index('events_ends').on(t.endsAt),
    // The listing, the feeds and the API ask for a hub's events that have not ended: without this
    // they walk events_hub_starts from the hub's oldest event (docs/benchmarks.md).
    index('events_hub_ends').on(t.hubId, t.endsAt),
    // The feeds' Last-Modified: max(updated_at) of a hub's events.
    index('events_hub_updated').on(t.hubId, t.updatedAt),
    index('events_group_starts').on(t.groupId, t.startsAt),
    uniqueIndex('events_series_occurrence').on(t.seriesId, t.occurrence),
    index('events_spoken').using('gin', t.spokenLanguages),
    index('events_audiences').using('gin', t.audiences),
    check('events_slug_format', sql`${t.slug} ~ ${sql.raw(`'^${SLUG_PATTERN}$'`)}`),
    check('events_time_order', sql`${t.endsAt} > ${t.startsAt}`),
    check('events_mode', oneOf(t.mode, eventModes)),
    check('events_status', oneOf(t.status, eventStatuses)),
    check('events_capacity_positive', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
    check('events_capacity_signup_only', sql`${t.mode} = 'signup' OR ${t.capacity} IS NULL`),
    check('events_seats_within_capacity', sql`${t.seatsTaken} >= 0 AND (${t.capacity} IS NULL OR ${t.seatsTaken} <= ${t.capacity})`),
    check('events_waiting_nonnegative', sql`${t.waitingCount} >= 0`),
    check('events_max_party', sql`${t.maxPartySize} BETWEEN 1 AND 50`),
    check('events_reminder_hours', sql`${t.reminderHours} IS NULL OR ${t.reminderHours} BETWEEN 0 AND 336`),
    check('events_free_child_age', sql`${t.freeChildAge} IS NULL OR ${t.freeChildAge} BETWEEN 1 AND 17`),
    check(
      'events_signup_window',
      sql`${t.signupOpensAt} IS NULL OR ${t.signupClosesAt} IS NULL OR ${t.signupOpensAt} < ${t.signupClosesAt}`,
    ),
    check('events_cost_nonnegative', sql`${t.costCents} IS NULL OR ${t.costCents} >= 0`),
  ],
);
