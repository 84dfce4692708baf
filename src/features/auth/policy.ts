import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupMembers } from '../../db/schema/users.ts';
import type { Role } from '../../db/schema/users.ts';

/**
 * The one place that decides who may do what. Admins (coordinators) may do everything in
 * their hub; leaders and partners may run the events of the groups they belong to.
 */
export type Action = 'event:create' | 'event:edit' | 'event:cancel' | 'attendees:read' | 'attendees:edit' | 'hub:admin';

export interface Actor {
  id: string;
  role: Role;
  hubId: string;
}

export async function memberOf(db: Db, userId: string, groupId: string): Promise<boolean> {
  const [row] = await db.select({ userId: groupMembers.userId }).from(groupMembers)
    .where(and(eq(groupMembers.userId, userId), eq(groupMembers.groupId, groupId)));
  return Boolean(row);
}

/** `target` is the hub and group of the thing acted on (an event or a new event's group). */
export async function can(
  db: Db,
  actor: Actor | null | undefined,
  action: Action,
  target: { hubId: string; groupId: string | null },
): Promise<boolean> {
  if (!actor || actor.hubId !== target.hubId) return false;
  if (actor.role === 'admin') return true;
  if (action === 'hub:admin') return false;
  // Events outside any group are the coordinator's.
  if (!target.groupId) return false;
  return memberOf(db, actor.id, target.groupId);
}
