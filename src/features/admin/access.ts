import type { Db } from '../../db/client.ts';
import { can } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session.ts';

/** Coordinator pages: 'login' without a session, 'forbidden' for anyone but an admin of the hub. */
export async function adminAccess(db: Db, user: SessionUser | null): Promise<'login' | 'forbidden' | 'allowed'> {
  if (!user) return 'login';
  return (await can(db, user, 'hub:admin', { hubId: user.hubId, groupId: null })) ? 'allowed' : 'forbidden';
}
