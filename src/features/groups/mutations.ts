import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { isForeignKeyViolation, isUniqueViolation } from '#db/errors.ts';
import { categories } from '#db/schema/categories.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { groupMembers } from '#db/schema/users.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import type { GroupInput } from './schema.ts';

export type SaveGroupOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'slug-taken' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'invalid'; field: 'category' | 'place' | 'leaders' };

/** Creates or changes a group and sets who leads it, in one transaction. */
export async function saveGroup(
  db: Db,
  actor: Actor,
  args: { hubId: string; groupId: string | null; input: GroupInput },
): Promise<SaveGroupOutcome> {
  const { category, place, leaders, ...texts } = args.input;
  try {
    return await db.transaction(async (tx) => {
      if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' } as const;
      const [cat] = category
        ? await tx
            .select({ id: categories.id })
            .from(categories)
            .where(and(eq(categories.hubId, args.hubId), eq(categories.slug, category)))
        : [];
      if (category && !cat) return { kind: 'invalid', field: 'category' } as const;
      const [pl] = place
        ? await tx
            .select({ id: places.id })
            .from(places)
            .where(and(eq(places.hubId, args.hubId), eq(places.slug, place)))
        : [];
      if (place && !pl) return { kind: 'invalid', field: 'place' } as const;
      // A leader of another hub (or no one) is refused by group_members' composite key.
      const wanted = [...new Set(leaders)];

      const values = { ...texts, categoryId: cat?.id ?? null, placeId: pl?.id ?? null };
      const [row] = args.groupId
        ? await tx
            .update(groups)
            .set(values)
            .where(and(eq(groups.id, args.groupId), eq(groups.hubId, args.hubId)))
            .returning({ id: groups.id })
        : await tx
            .insert(groups)
            .values({ ...values, hubId: args.hubId })
            .returning({ id: groups.id });
      if (!row) return { kind: 'not-found' } as const;
      await tx
        .delete(groupMembers)
        .where(
          wanted.length ? and(eq(groupMembers.groupId, row.id), notInArray(groupMembers.userId, wanted)) : eq(groupMembers.groupId, row.id),
        );
      if (wanted.length)
        await tx
          .insert(groupMembers)
          .values(wanted.map((userId) => ({ hubId: args.hubId, userId, groupId: row.id })))
          .onConflictDoNothing();
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: args.groupId ? 'group.update' : 'group.add',
        entity: 'group',
        entityId: row.id,
        details: { slug: texts.slug, leaders: wanted.length },
      });
      return { kind: 'saved', id: row.id } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_hub_slug')) return { kind: 'slug-taken' };
    if (isForeignKeyViolation(error, 'group_members_user_in_hub')) return { kind: 'invalid', field: 'leaders' };
    throw error;
  }
}
