import type { Db } from '../../db/client.ts';
import { authenticateBearer } from '../auth/api-tokens.ts';
import type { SessionUser } from '../auth/session.ts';
import { apiError } from './json.ts';

export type ApiAuth = { ok: true; user: SessionUser } | { ok: false; response: Response };

/** The caller of a protected API route, from `Authorization: Bearer`; 401 otherwise. */
export async function requireApiUser(db: Db, request: Request): Promise<ApiAuth> {
  const user = await authenticateBearer(db, request.headers.get('authorization'));
  if (user) return { ok: true, user };
  return {
    ok: false,
    response: apiError(401, 'unauthorized', 'Send a valid API token as "Authorization: Bearer TOKEN".', {}, { 'WWW-Authenticate': 'Bearer' }),
  };
}

export const forbidden = () => apiError(403, 'forbidden', 'This token may not do that.');
