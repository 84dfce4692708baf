import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Every place, group and event belongs to one hub, so one installation can later serve several.
export const hubs = pgTable('hubs', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Europe/Helsinki'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
