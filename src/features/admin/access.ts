import { UUID } from '#features/http/json.ts';
import type { Db } from '#db/client.ts';
import { can, type Actor } from '#features/auth/policy.ts';

/**
 * Coordinator pages: 'login' without a session, 'forbidden' for anyone but an admin of the hub
 * the page shows (an admin of another hub is a stranger here).
 */
export async function adminAccess(_db: Db, actor: Actor, hubId: string): Promise<'login' | 'forbidden' | 'allowed'> {
  if (actor.kind === 'anonymous') return 'login';
  return can(actor, 'hub:admin', { hubId, groupId: null }) ? 'allowed' : 'forbidden';
}

/** The `[id]` of a coordinator's edit page: 'new', a well-formed uuid, or null (a 404). */
export function entityIdParam(param: string | undefined): 'new' | string | null {
  if (param === 'new') return 'new';
  return param && UUID.test(param) ? param.toLowerCase() : null;
}
