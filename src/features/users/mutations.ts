import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groups } from '../../db/schema/groups.ts';
import { groupMembers, users, type Role } from '../../db/schema/users.ts';
import { recordChange } from '../audit/mutations.ts';
import { normalizeEmail } from '../signups/contact.ts';

export type AddUserOutcome =
  | { kind: 'added'; userId: string }
  | { kind: 'updated'; userId: string }
  | { kind: 'invalid-email' }
  | { kind: 'unknown-group'; slug: string };

/** Adds a user (or changes the role and groups of an existing one) in a hub. */
export async function addUser(
  db: Db,
  input: { hubId: string; email: string; role: Role; name?: string; groupSlugs?: string[]; byUserId?: string | null },
): Promise<AddUserOutcome> {
  const email = normalizeEmail(input.email);
  if (!email) return { kind: 'invalid-email' };
  return db.transaction(async (tx) => {
    const slugs = [...new Set(input.groupSlugs ?? [])];
    const found = slugs.length
      ? await tx.select({ id: groups.id, slug: groups.slug }).from(groups).where(and(eq(groups.hubId, input.hubId), inArray(groups.slug, slugs)))
      : [];
    const missing = slugs.find((s) => !found.some((g) => g.slug === s));
    if (missing) return { kind: 'unknown-group', slug: missing } as const;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    let userId: string;
    if (existing) {
      await tx.update(users).set({ role: input.role, ...(input.name ? { name: input.name } : {}), disabledAt: null }).where(eq(users.id, existing.id));
      userId = existing.id;
    } else {
      const [row] = await tx.insert(users).values({ hubId: input.hubId, email, role: input.role, name: input.name ?? '' }).returning({ id: users.id });
      userId = row!.id;
    }
    if (found.length) await tx.insert(groupMembers).values(found.map((g) => ({ userId, groupId: g.id }))).onConflictDoNothing();
    await recordChange(tx as Db, { userId: input.byUserId ?? null, action: existing ? 'user.update' : 'user.add', entity: 'user', entityId: userId, details: { role: input.role, groups: slugs } });
    return { kind: existing ? 'updated' : 'added', userId } as const;
  });
}
