import { check, customType, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { hubs } from './hubs.ts';
import { oneOf } from './enums.ts';

// Pictures of events and groups live in the database (decision 028): every instance of the
// site on the same PostgreSQL serves them, and a backup of the database holds them.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const pictureFormats = ['avif', 'webp', 'jpeg'] as const;
export type PictureFormat = (typeof pictureFormats)[number];

/** One uploaded picture; its files are made from it on the server (never the upload itself). */
export const pictures = pgTable('pictures', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id')
    .notNull()
    .references(() => hubs.id),
  // The largest file's size: the width and height the page reserves.
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The picture in one format at one width. */
export const pictureFiles = pgTable(
  'picture_files',
  {
    pictureId: uuid('picture_id')
      .notNull()
      .references(() => pictures.id, { onDelete: 'cascade' }),
    format: text('format', { enum: pictureFormats }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [
    primaryKey({ name: 'picture_files_pk', columns: [t.pictureId, t.format, t.width] }),
    check('picture_files_format', oneOf(t.format, pictureFormats)),
  ],
);
