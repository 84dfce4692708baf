import { sql } from 'drizzle-orm';
import { check, foreignKey, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { categories } from './categories.ts';
import { hubs } from './hubs.ts';
import { places } from './places.ts';
import { pictures } from './pictures.ts';
import { translated } from './translated.ts';
import { SLUG_PATTERN } from '#lib/slug.ts';

// A recurring activity (the café, a cooking group) whose sessions are events.
export const groups = pgTable(
  'groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    slug: text('slug').notNull(),
    name: translated('name'),
    summary: translated('summary'),
    description: translated('description'),
    // An optional picture (decision 028) and its text for those who cannot see it.
    pictureId: uuid('picture_id').references(() => pictures.id, { onDelete: 'set null' }),
    pictureAlt: translated('picture_alt'),
    // Both kept inside the group's hub by the composite keys below.
    categoryId: uuid('category_id'),
    placeId: uuid('place_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('groups_hub_slug').on(t.hubId, t.slug),
    unique('groups_hub_id').on(t.hubId, t.id),
    foreignKey({ name: 'groups_category_in_hub', columns: [t.hubId, t.categoryId], foreignColumns: [categories.hubId, categories.id] }),
    foreignKey({ name: 'groups_place_in_hub', columns: [t.hubId, t.placeId], foreignColumns: [places.hubId, places.id] }),
    check('groups_slug_format', sql`${t.slug} ~ ${sql.raw(`'^${SLUG_PATTERN}$'`)}`),
  ],
);
