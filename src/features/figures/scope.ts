import { can, type Actor } from '#features/auth/policy.ts';

/** Whose figures an actor may read: the whole hub, some groups, or none (decision 024). */
export type ReportScope = { kind: 'hub' } | { kind: 'groups'; groupIds: string[] } | { kind: 'forbidden' };

/**
 * The coordinator reads the whole hub (or one group of it); a leader or partner reads the
 * groups they belong to, one or all of them together; everyone else nothing.
 */
export function reportScope(actor: Actor, hubId: string, groupId: string | null): ReportScope {
  if (groupId) return can(actor, 'reports:read', { hubId, groupId }) ? { kind: 'groups', groupIds: [groupId] } : { kind: 'forbidden' };
  if (can(actor, 'reports:read', { hubId, groupId: null })) return { kind: 'hub' };
  if (actor.kind !== 'user') return { kind: 'forbidden' };
  const own = actor.groupIds.filter((id) => can(actor, 'reports:read', { hubId, groupId: id }));
  return own.length ? { kind: 'groups', groupIds: own } : { kind: 'forbidden' };
}
