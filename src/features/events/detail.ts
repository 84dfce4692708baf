import { and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { isSlug } from '#lib/slug.ts';

async function findEvent(db: Db, where: SQL | undefined) {
  const [row] = await db
    .select({ event: events, category: categories, place: places, group: groups })
    .from(events)
    .innerJoin(categories, eq(categories.id, events.categoryId))
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(groups, eq(groups.id, events.groupId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/** An event by id (published or not), with its place, category and group. */
export function getEventById(db: Db, id: string) {
  return findEvent(db, eq(events.id, id));
}

/** One published event by its slug, with its place, category and group; null when there is none. */
export async function getEventBySlug(db: Db, hubId: string, slug: string) {
  if (!isSlug(slug)) return null;
  return findEvent(db, and(eq(events.hubId, hubId), eq(events.slug, slug), eq(events.published, true)));
}

export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEventBySlug>>>;
