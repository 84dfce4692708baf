import { and, eq, inArray, isNull, notInArray, or } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { groups } from '#db/schema/groups.ts';
import { apiTokens, groupMembers, sessions, users, type Role } from '#db/schema/users.ts';
import { createApiToken } from '#features/auth/api-tokens.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { normalizeEmail } from '#lib/contact.ts';
import type { Lang } from '#i18n/languages.ts';
import type { UserPatch } from './schema.ts';

export type AddUserOutcome =
  | { kind: 'added'; userId: string }
  | { kind: 'updated'; userId: string }
  | { kind: 'invalid-email' }
  | { kind: 'unknown-group'; slug: string }
  | { kind: 'forbidden' };

/** Groups named by id (ticked on the coordinator's form) or by slug (the command line). */

/** Adds a user (or changes the role and groups of an existing one) in a hub. */
export async function addUser(
  db: Db,
  actor: Actor,
  input: { hubId: string; email: string; role: Role; name?: string; groupSlugs?: string[]; groupIds?: string[]; languages?: Lang[] },
): Promise<AddUserOutcome> {
  if (!can(actor, 'hub:admin', { hubId: input.hubId, groupId: null })) return { kind: 'forbidden' };
  const email = normalizeEmail(input.email);
  if (!email) return { kind: 'invalid-email' };
  return db.transaction(async (tx) => {
    const slugs = [...new Set(input.groupSlugs ?? [])];
    const ids = [...new Set(input.groupIds ?? [])];
    const found =
      slugs.length || ids.length
        ? await tx
            .select({ id: groups.id, slug: groups.slug })
            .from(groups)
            .where(
              and(
                eq(groups.hubId, input.hubId),
                or(slugs.length ? inArray(groups.slug, slugs) : undefined, ids.length ? inArray(groups.id, ids) : undefined),
              ),
            )
        : [];
    const missing = slugs.find((s) => !found.some((g) => g.slug === s)) ?? ids.find((id) => !found.some((g) => g.id === id));
    if (missing) return { kind: 'unknown-group', slug: missing } as const;
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.hubId, input.hubId), eq(users.email, email)));
    let userId: string;
    if (existing) {
      await tx
        .update(users)
        .set({
          role: input.role,
          ...(input.name ? { name: input.name } : {}),
          ...(input.languages ? { translates: [...new Set(input.languages)] } : {}),
          disabledAt: null,
        })
        .where(eq(users.id, existing.id));
      userId = existing.id;
    } else {
      const [row] = await tx
        .insert(users)
        .values({ hubId: input.hubId, email, role: input.role, name: input.name ?? '', translates: [...new Set(input.languages ?? [])] })
        .returning({ id: users.id });
      userId = row!.id;
    }
    if (found.length)
      await tx
        .insert(groupMembers)
        .values(found.map((g) => ({ hubId: input.hubId, userId, groupId: g.id })))
        .onConflictDoNothing();
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: existing ? 'user.update' : 'user.add',
      entity: 'user',
      entityId: userId,
      details: { role: input.role, groups: found.map((g) => g.slug), ...(input.languages ? { languages: input.languages } : {}) },
    });
    return { kind: existing ? 'updated' : 'added', userId } as const;
  });
}

export type UpdateUserOutcome =
  | { kind: 'saved' }
  | { kind: 'not-found' }
  | { kind: 'unknown-group' }
  | { kind: 'self' }
  | { kind: 'forbidden' };

/**
 * Changes a person's name, role, groups and whether the account is disabled. A disabled
 * account loses its sessions at once; its API and feed tokens stop working while it is off.
 * Coordinators cannot disable or demote themselves, so a hub is never left without one.
 */
export async function updateUser(
  db: Db,
  actor: Actor,
  args: { hubId: string; userId: string; patch: UserPatch },
): Promise<UpdateUserOutcome> {
  const { patch } = args;
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  if (args.userId === actorUserId(actor) && (patch.disabled || patch.role !== 'admin')) return { kind: 'self' };
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, args.userId), eq(users.hubId, args.hubId)))
      .for('update');
    if (!user) return { kind: 'not-found' } as const;
    const wanted = [...new Set(patch.groups)];
    const found = wanted.length
      ? await tx
          .select({ id: groups.id })
          .from(groups)
          .where(and(eq(groups.hubId, args.hubId), inArray(groups.id, wanted)))
      : [];
    if (found.length !== wanted.length) return { kind: 'unknown-group' } as const;
    const disabledAt = patch.disabled ? (user.disabledAt ?? new Date()) : null;
    await tx
      .update(users)
      .set({ name: patch.name, role: patch.role, ...(patch.languages ? { translates: [...new Set(patch.languages)] } : {}), disabledAt })
      .where(eq(users.id, user.id));
    await tx
      .delete(groupMembers)
      .where(
        wanted.length ? and(eq(groupMembers.userId, user.id), notInArray(groupMembers.groupId, wanted)) : eq(groupMembers.userId, user.id),
      );
    if (wanted.length)
      await tx
        .insert(groupMembers)
        .values(wanted.map((groupId) => ({ hubId: args.hubId, userId: user.id, groupId })))
        .onConflictDoNothing();
    if (patch.disabled) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: patch.disabled && !user.disabledAt ? 'user.disable' : !patch.disabled && user.disabledAt ? 'user.enable' : 'user.update',
      entity: 'user',
      entityId: user.id,
      details: { role: patch.role, groups: wanted.length, languages: patch.languages },
    });
    return { kind: 'saved' } as const;
  });
}

/** A new API token for one of the hub's people; the token is returned once, only its hash kept. */
export async function issueApiToken(
  db: Db,
  actor: Actor,
  args: { hubId: string; userId: string; name: string },
): Promise<{ kind: 'created'; token: string } | { kind: 'not-found' } | { kind: 'forbidden' }> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, args.userId), eq(users.hubId, args.hubId), isNull(users.disabledAt)));
    if (!user) return { kind: 'not-found' } as const;
    const token = await createApiToken(tx as Db, user.id, args.name);
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'token.create',
      entity: 'user',
      entityId: user.id,
      details: { name: args.name },
    });
    return { kind: 'created', token } as const;
  });
}

/** Revokes one of a person's API tokens, named by its hash (the token itself is never kept). */
export async function revokeUserApiToken(
  db: Db,
  actor: Actor,
  args: { hubId: string; userId: string; tokenHash: string },
): Promise<boolean> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return false;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, args.userId), eq(users.hubId, args.hubId)));
    if (!user) return false;
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, user.id), eq(apiTokens.tokenHash, args.tokenHash), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name });
    if (!revoked.length) return false;
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'token.revoke',
      entity: 'user',
      entityId: user.id,
      details: { name: revoked[0]!.name },
    });
    return true;
  });
}
