import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { groupMembers } from '#db/schema/users.ts';
import { isSlug } from '#lib/slug.ts';

/** The hub's groups, each with the start of its next published session (or null). */
export async function listGroups(db: Db, hubId: string, now: Date) {
  const next = db
    .select({ groupId: events.groupId, nextStart: sql<Date>`min(${events.startsAt})`.as('next_start') })
    .from(events)
    .where(and(eq(events.hubId, hubId), eq(events.published, true), eq(events.status, 'scheduled'), gt(events.endsAt, now)))
    .groupBy(events.groupId)
    .as('next');
  const rows = await db
    .select({ group: groups, category: categories, nextStart: next.nextStart })
    .from(groups)
    .leftJoin(categories, eq(categories.id, groups.categoryId))
    .leftJoin(next, eq(next.groupId, groups.id))
    .where(eq(groups.hubId, hubId))
    .orderBy(asc(groups.slug));
  return rows.map((r) => ({ ...r, nextStart: r.nextStart ? new Date(r.nextStart) : null }));
}

export async function getGroupBySlug(db: Db, hubId: string, slug: string) {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({ group: groups, category: categories, place: places })
    .from(groups)
    .leftJoin(categories, eq(categories.id, groups.categoryId))
    .leftJoin(places, eq(places.id, groups.placeId))
    .where(and(eq(groups.hubId, hubId), eq(groups.slug, slug)))
    .limit(1);
  return row ?? null;
}

/** A group for the coordinator's form, with the ids of the people who lead it. */
export async function getGroupForEditing(db: Db, hubId: string, id: string) {
  const [row] = await db
    .select({ group: groups, category: categories.slug, place: places.slug })
    .from(groups)
    .leftJoin(categories, eq(categories.id, groups.categoryId))
    .leftJoin(places, eq(places.id, groups.placeId))
    .where(and(eq(groups.hubId, hubId), eq(groups.id, id)))
    .limit(1);
  if (!row) return null;
  const members = await db.select({ userId: groupMembers.userId }).from(groupMembers).where(eq(groupMembers.groupId, id));
  return { ...row, leaders: members.map((m) => m.userId) };
}
