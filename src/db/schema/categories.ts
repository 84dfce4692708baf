import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, uuid, unique } from 'drizzle-orm/pg-core';
import { hubs } from './hubs.ts';
import { translated } from './translated.ts';
import { topicIcons } from '#lib/pictograms.ts';
import { SLUG_PATTERN } from '#lib/slug.ts';
import { oneOf } from './enums.ts';

// A table, not a fixed list: coordinators add categories of their own.
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    slug: text('slug').notNull(),
    name: translated('name'),
    position: integer('position').notNull().default(0),
    /** One of the fixed pictograms (topicIcons), shown beside the name; none is allowed. */
    icon: text('icon'),
  },
  (t) => [
    unique('categories_hub_slug').on(t.hubId, t.slug),
    // What the composite foreign keys of events and groups point at: a category of the same hub.
    unique('categories_hub_id').on(t.hubId, t.id),
    check('categories_icon', sql`${t.icon} IS NULL OR ${oneOf(t.icon, topicIcons)}`),
    check('categories_slug_format', sql`${t.slug} ~ ${sql.raw(`'^${SLUG_PATTERN}$'`)}`),
  ],
);
