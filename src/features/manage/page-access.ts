import type { Db } from '#db/client.ts';
import { eventAccess } from '#features/attendees/access.ts';
import type { Action, Actor, UserActor } from '#features/auth/policy.ts';
import { UUID } from '#features/http/json.ts';

export type PageAccess =
  | { kind: 'login' }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'allowed'; actor: UserActor; event: Extract<Awaited<ReturnType<typeof eventAccess>>, { kind: 'allowed' }>['event'] };

/** For leader pages about one event: signed in, the event exists, and the policy allows it. */
export async function eventPageAccess(db: Db, actor: Actor, eventId: string | undefined, action: Action): Promise<PageAccess> {
  if (actor.kind !== 'user') return { kind: 'login' };
  if (!UUID.test(eventId ?? '')) return { kind: 'not-found' };
  const access = await eventAccess(db, actor, eventId!, action);
  if (access.kind !== 'allowed') return access;
  return { kind: 'allowed', actor, event: access.event };
}
