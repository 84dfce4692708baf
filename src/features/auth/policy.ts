import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { groupMembers } from '#db/schema/users.ts';
import type { Role } from '#db/schema/users.ts';
import type { SessionUser } from './session.ts';

/**
 * The one place that decides who may do what (docs/decisions/017). Admins (coordinators) may do
 * everything in their hub; leaders and partners may run the events of the groups they belong
 * to (and translate them and the groups themselves); translators may only write the texts of
 * their languages (docs/decisions/023); any signed-in person may look after their own account
 * (password, private feeds).
 * Every domain function that changes something takes an `Actor` and asks `can` itself; pages
 * and API routes only translate a `forbidden` outcome into a 403.
 */
export type Action =
  | 'event:create'
  | 'event:edit'
  | 'event:cancel'
  | 'attendees:read'
  | 'attendees:edit'
  // Tapping +1 / −1 at a drop-in session (decision 024).
  | 'headcount:count'
  // Collecting anonymous answers on a phone at the end of a session (kiosk), and reading the
  // answers and comments of an event (decision 027).
  | 'feedback:collect'
  | 'feedback:read'
  // The figures of a group; with no group, the whole hub's (coordinators only).
  | 'reports:read'
  // Volunteer tasks of an event, the offers to help with them and the hours (decision 031).
  | 'helpers:manage'
  // Searching the hub's helper profiles to invite someone (decision 032): the coordinator and
  // leaders of a group, never partners or translators. Inviting also needs `helpers:manage`.
  | 'helpers:find'
  | 'hub:admin'
  | 'account:own'
  | 'translation:write';

export type UserActor = {
  kind: 'user';
  userId: string;
  hubId: string;
  role: Role;
  groupIds: readonly string[];
  /** The content languages the person translates (users.translates). */
  languages: readonly string[];
};

/** Who acts: a signed-in person, nobody in particular (a resident), or the worker / CLI. */
export type Actor = UserActor | { kind: 'anonymous' } | { kind: 'system' };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });
export const SYSTEM: Actor = Object.freeze({ kind: 'system' });

/**
 * The actor behind a session or API token, with the groups they belong to read once. A disabled
 * account acts as nobody (sessions and tokens of one are refused already; this is the backstop).
 */
export async function actorFor(db: Db, user: SessionUser | null | undefined): Promise<Actor> {
  if (!user || user.disabledAt) return ANONYMOUS;
  const rows = await db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, user.id));
  return {
    kind: 'user',
    userId: user.id,
    hubId: user.hubId,
    role: user.role,
    groupIds: rows.map((r) => r.groupId),
    languages: user.translates,
  };
}

/** The user id written into the audit log: null for the worker, the CLI and residents. */
export const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/**
 * `target` is the hub and group of the thing acted on (an event or a new event's group; for
 * `translation:write` the group itself, or null for a place) and, for translations, the
 * language written.
 */
export function can(actor: Actor, action: Action, target: { hubId: string; groupId: string | null; language?: string }): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.hubId !== target.hubId) return false;
  if (actor.role === 'admin') return true;
  if (action === 'account:own') return true;
  if (action === 'hub:admin') return false;
  // A translator writes the texts of their own languages, anywhere in the hub, and nothing else
  // (whatever groups an earlier role left them in).
  if (actor.role === 'translator')
    return action === 'translation:write' && target.language !== undefined && actor.languages.includes(target.language);
  if (action === 'helpers:find') return actor.role === 'leader' && actor.groupIds.length > 0;
  // Events outside any group are the coordinator's.
  if (!target.groupId) return false;
  return actor.groupIds.includes(target.groupId);
}
