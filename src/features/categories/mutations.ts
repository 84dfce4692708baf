import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { isUniqueViolation } from '#db/errors.ts';
import { categories } from '#db/schema/categories.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import type { SaveOutcome } from '#features/places/mutations.ts';
import type { CategoryInput } from './schema.ts';

/** Creates a category (categoryId null) or renames one; the slug is what filters and feeds use. */
export async function saveCategory(
  db: Db,
  actor: Actor,
  args: { hubId: string; categoryId: string | null; input: CategoryInput },
): Promise<SaveOutcome> {
  try {
    return await db.transaction(async (tx) => {
      if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' } as const;
      const [row] = args.categoryId
        ? await tx
            .update(categories)
            .set(args.input)
            .where(and(eq(categories.id, args.categoryId), eq(categories.hubId, args.hubId)))
            .returning({ id: categories.id })
        : await tx
            .insert(categories)
            .values({ ...args.input, hubId: args.hubId })
            .returning({ id: categories.id });
      if (!row) return { kind: 'not-found' } as const;
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: args.categoryId ? 'category.update' : 'category.add',
        entity: 'category',
        entityId: row.id,
        details: { slug: args.input.slug },
      });
      return { kind: 'saved', id: row.id } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'categories_hub_slug')) return { kind: 'slug-taken' };
    throw error;
  }
}
