import { sql } from 'drizzle-orm';
import { check, doublePrecision, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { hubs } from './hubs.ts';
import { translated } from './translated.ts';
import { SLUG_PATTERN } from '#lib/slug.ts';

export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    slug: text('slug').notNull(),
    name: translated('name'),
    streetAddress: text('street_address').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    city: text('city').notNull().default(''),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    accessibility: translated('accessibility'),
    directions: translated('directions'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('places_hub_slug').on(t.hubId, t.slug),
    unique('places_hub_id').on(t.hubId, t.id),
    check('places_slug_format', sql`${t.slug} ~ ${sql.raw(`'^${SLUG_PATTERN}$'`)}`),
    check('places_latitude', sql`${t.latitude} IS NULL OR ${t.latitude} BETWEEN -90 AND 90`),
    check('places_longitude', sql`${t.longitude} IS NULL OR ${t.longitude} BETWEEN -180 AND 180`),
  ],
);
