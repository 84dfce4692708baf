import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { groupMembers } from '#db/schema/users.ts';
import type { UserActor } from '#features/auth/policy.ts';

/** The groups a person runs: all of the hub's for a coordinator. */
export async function listManagedGroups(db: Db, actor: UserActor) {
  return actor.role === 'admin'
    ? await db.select().from(groups).where(eq(groups.hubId, actor.hubId)).orderBy(asc(groups.slug))
    : await db
        .select({ g: groups })
        .from(groups)
        .innerJoin(groupMembers, eq(groupMembers.groupId, groups.id))
        .where(and(eq(groupMembers.userId, actor.userId), eq(groups.hubId, actor.hubId)))
        .orderBy(asc(groups.slug))
        .then((rows) => rows.map((r) => r.g));
}

/** The groups a person runs, each with its coming events. */
export async function getManagedGroups(db: Db, actor: UserActor, now: Date, perGroup = 10) {
  const mine = await listManagedGroups(db, actor);
  if (mine.length === 0) return [];
  const coming = await db
    .select({
      id: events.id,
      slug: events.slug,
      title: events.title,
      groupId: events.groupId,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      status: events.status,
      mode: events.mode,
      capacity: events.capacity,
      seatsTaken: events.seatsTaken,
      waitingCount: events.waitingCount,
    })
    .from(events)
    .where(
      and(
        inArray(
          events.groupId,
          mine.map((g) => g.id),
        ),
        gt(events.endsAt, now),
      ),
    )
    .orderBy(asc(events.startsAt));
  return mine.map((group) => ({ group, events: coming.filter((e) => e.groupId === group.id).slice(0, perGroup) }));
}
