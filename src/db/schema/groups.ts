import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { categories } from './categories.ts';
import { hubs } from './hubs.ts';
import { places } from './places.ts';
import { translated } from './translated.ts';

// A recurring activity (the café, a cooking group) whose sessions are events.
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id').notNull().references(() => hubs.id),
    slug: text('slug').notNull(),
    name: translated('name'),
    summary: translated('summary'),
    description: translated('description'),
    categoryId: uuid('category_id').references(() => categories.id),
    placeId: uuid('place_id').references(() => places.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('groups_hub_slug').on(t.hubId, t.slug),
    check('groups_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);
