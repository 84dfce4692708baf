import { and, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { isUniqueViolation } from '#db/errors.ts';
import { places } from '#db/schema/places.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import type { PlaceInput } from './schema.ts';

export type SaveOutcome = { kind: 'saved'; id: string } | { kind: 'slug-taken' } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Creates a place (placeId null) or changes one of the hub's places. */
export async function savePlace(
  db: Db,
  actor: Actor,
  args: { hubId: string; placeId: string | null; input: PlaceInput },
): Promise<SaveOutcome> {
  try {
    return await db.transaction(async (tx) => {
      if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' } as const;
      const [row] = args.placeId
        ? await tx
            .update(places)
            .set(args.input)
            .where(and(eq(places.id, args.placeId), eq(places.hubId, args.hubId)))
            .returning({ id: places.id })
        : await tx
            .insert(places)
            .values({ ...args.input, hubId: args.hubId })
            .returning({ id: places.id });
      if (!row) return { kind: 'not-found' } as const;
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: args.placeId ? 'place.update' : 'place.add',
        entity: 'place',
        entityId: row.id,
        details: { slug: args.input.slug },
      });
      return { kind: 'saved', id: row.id } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'places_hub_slug')) return { kind: 'slug-taken' };
    throw error;
  }
}
