import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { countGroups } from '#db/schema/headcounts.ts';
import type { Translated } from '#db/schema/translated.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';

export const COUNT_GROUP_LABEL_MAX = 60;

type Outcome = { kind: 'saved' } | { kind: 'forbidden' } | { kind: 'invalid' } | { kind: 'not-found' };

/** Every count group of a hub, archived ones too (the admin page lists both). */
export async function listCountGroups(db: Db, hubId: string) {
  return db.select().from(countGroups).where(eq(countGroups.hubId, hubId)).orderBy(countGroups.position, countGroups.id);
}

/** A new group to count drop-in visitors in, last in the list. */
export async function addCountGroup(db: Db, actor: Actor, args: { hubId: string; label: Translated }): Promise<Outcome> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  const texts = Object.values(args.label);
  if (!texts.some((v) => v?.trim()) || texts.some((v) => (v ?? '').length > COUNT_GROUP_LABEL_MAX)) return { kind: 'invalid' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(countGroups)
      .values({
        hubId: args.hubId,
        label: args.label,
        position: sql`(SELECT coalesce(max(${countGroups.position}), 0) + 1 FROM ${countGroups} WHERE ${countGroups.hubId} = ${args.hubId})`,
      })
      .returning({ id: countGroups.id });
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'count-group.add',
      entity: 'hub',
      entityId: args.hubId,
      details: { id: row!.id },
    });
    return { kind: 'saved' } as const;
  });
}

/** Stops (or resumes) offering a count group; its counts stay in the reports. */
export async function archiveCountGroup(db: Db, actor: Actor, args: { hubId: string; id: string; archived: boolean }): Promise<Outcome> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  const done = await db
    .update(countGroups)
    .set({ archived: args.archived })
    .where(and(eq(countGroups.hubId, args.hubId), eq(countGroups.id, args.id)))
    .returning({ id: countGroups.id });
  return done.length ? { kind: 'saved' } : { kind: 'not-found' };
}
