import { and, arrayContains, asc, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperInvitations, helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperTasks } from '#db/schema/helpers.ts';
import { can, type Actor } from '#features/auth/policy.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';
import type { ProfileAccess } from './links.ts';
import type { SearchFilters } from './schema.ts';

export type Profile = typeof helperProfiles.$inferSelect;

/** The profile of the contact a link proves, or null before the first save. */
export async function profileOf(db: Db, access: ProfileAccess): Promise<Profile | null> {
  const [row] = await db
    .select()
    .from(helperProfiles)
    .where(and(eq(helperProfiles.hubId, access.hubId), eq(helperProfiles.reach, access.reach)));
  return row ?? null;
}

// A page of results is enough to choose from; a narrower search finds the rest.
export const SEARCH_LIMIT = 100;

/** What a leader sees of a helper: never the contact (the invitation carries it). */
export type FoundHelper = Pick<Profile, 'id' | 'name' | 'languages' | 'skills' | 'note' | 'free'>;

/** Profiles of the hub by language, skill and free time; null when the actor may not search. */
export async function findHelpers(db: Db, actor: Actor, hubId: string, filters: SearchFilters): Promise<FoundHelper[] | null> {
  if (!can(actor, 'helpers:find', { hubId, groupId: null })) return null;
  const where: (SQL | undefined)[] = [eq(helperProfiles.hubId, hubId)];
  if (filters.language) where.push(arrayContains(helperProfiles.languages, [filters.language]));
  if (filters.skill) where.push(arrayContains(helperProfiles.skills, [filters.skill]));
  if (filters.free) where.push(arrayContains(helperProfiles.free, [filters.free]));
  return db
    .select({
      id: helperProfiles.id,
      name: helperProfiles.name,
      languages: helperProfiles.languages,
      skills: helperProfiles.skills,
      note: helperProfiles.note,
      free: helperProfiles.free,
    })
    .from(helperProfiles)
    .where(and(...where))
    .orderBy(asc(helperProfiles.name), asc(helperProfiles.id))
    .limit(SEARCH_LIMIT);
}

export type InvitableTask = typeof helperTasks.$inferSelect & { event: typeof events.$inferSelect };

/** Tasks still needing helpers at coming events the actor may manage: what they may invite to. */
export async function invitableTasks(db: Db, actor: Actor, hubId: string, now = new Date()): Promise<InvitableTask[]> {
  if (!can(actor, 'helpers:find', { hubId, groupId: null })) return [];
  const rows = await db
    .select({ task: helperTasks, event: events })
    .from(helperTasks)
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .where(
      and(
        eq(events.hubId, hubId),
        eq(events.published, true),
        eq(events.status, 'scheduled'),
        gt(events.startsAt, now),
        lt(helperTasks.confirmed, helperTasks.needed),
      ),
    )
    .orderBy(asc(events.startsAt), asc(helperTasks.createdAt), asc(helperTasks.id))
    .limit(200);
  return rows
    .filter((r) => can(actor, 'helpers:manage', { hubId: r.event.hubId, groupId: r.event.groupId }))
    .map((r) => ({ ...r.task, event: r.event }));
}

/** Which of these profiles were invited to the task already. */
export async function invitedTo(db: Db, taskId: string, profileIds: string[]): Promise<Set<string>> {
  if (profileIds.length === 0) return new Set();
  const rows = await db
    .select({ id: helperInvitations.profileId })
    .from(helperInvitations)
    .where(and(eq(helperInvitations.taskId, taskId), inArray(helperInvitations.profileId, profileIds)));
  return new Set(rows.map((r) => r.id));
}

/** The invitation behind a link, with its task, event and the invited person's name. */
export async function invitationByToken(db: Db, hubId: string, token: string) {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({ invitation: helperInvitations, task: helperTasks, event: events, name: helperProfiles.name })
    .from(helperInvitations)
    .innerJoin(helperProfiles, eq(helperProfiles.id, helperInvitations.profileId))
    .innerJoin(helperTasks, eq(helperTasks.id, helperInvitations.taskId))
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .where(and(eq(helperInvitations.tokenHash, hashToken(token)), eq(events.hubId, hubId)));
  return row ?? null;
}
