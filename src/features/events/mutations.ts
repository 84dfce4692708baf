import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { eventSearchText } from './search-text.ts';

export type NewEvent = Omit<typeof events.$inferInsert, 'searchText' | 'id' | 'createdAt' | 'updatedAt'>;

/** Inserts events, writing the search text the listing's free-text filter reads. */
export async function insertEvents(db: Db, rows: NewEvent[]): Promise<{ id: string; slug: string }[]> {
  if (rows.length === 0) return [];
  const withSearch = rows.map((r) => ({
    ...r,
    searchText: eventSearchText([r.title ?? {}, r.summary ?? {}, r.description ?? {}]),
  }));
  return db.insert(events).values(withSearch).returning({ id: events.id, slug: events.slug });
}
