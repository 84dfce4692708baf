import type { Db } from '#db/client.ts';
import { authenticateBearer } from '#features/auth/api-tokens.ts';
import type { SessionUser } from '#features/auth/session.ts';
import { eventAccess } from '#features/attendees/access.ts';
import { actorFor, type Action, type UserActor } from '#features/auth/policy.ts';
import { apiError, UUID } from './json.ts';

export type ApiAuth = { ok: true; user: SessionUser; actor: UserActor } | { ok: false; response: Response };

/** The caller of a protected API route, from `Authorization: Bearer`; 401 otherwise. */
export async function requireApiUser(db: Db, request: Request): Promise<ApiAuth> {
  const user = await authenticateBearer(db, request.headers.get('authorization'));
  if (user) return { ok: true, user, actor: (await actorFor(db, user)) as UserActor };
  return {
    ok: false,
    response: apiError(
      401,
      'unauthorized',
      'Send a valid API token as "Authorization: Bearer TOKEN".',
      {},
      { 'WWW-Authenticate': 'Bearer' },
    ),
  };
}

export const forbidden = () => apiError(403, 'forbidden', 'This token may not do that.');

export type ApiEventAccess =
  | { ok: true; user: SessionUser; actor: UserActor; event: Extract<Awaited<ReturnType<typeof eventAccess>>, { kind: 'allowed' }>['event'] }
  | { ok: false; response: Response };

/** API routes about one event: a valid token, an existing event, and the policy's yes. */
export async function requireEventAccess(db: Db, request: Request, eventId: string | undefined, action: Action): Promise<ApiEventAccess> {
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth;
  const notFound = { ok: false as const, response: apiError(404, 'not-found', 'No such event.') };
  if (!UUID.test(eventId ?? '')) return notFound;
  const access = await eventAccess(db, auth.actor, eventId!, action);
  if (access.kind === 'not-found') return notFound;
  if (access.kind === 'forbidden') return { ok: false, response: forbidden() };
  return { ok: true, user: auth.user, actor: auth.actor, event: access.event };
}
