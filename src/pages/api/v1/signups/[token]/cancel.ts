import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { apiError, json } from '../../../../../features/http/json.ts';
import { cancelManaged, getManagedByToken } from '../../../../../features/signups/managed.ts';

export const POST: APIRoute = async ({ params }) => {
  const db = await getDb();
  const managed = await getManagedByToken(db, params.token);
  if (!managed) return apiError(404, 'not-found', 'No such sign-up.');
  const outcome = await cancelManaged(db, managed);
  switch (outcome.kind) {
    case 'cancelled':
    case 'already-cancelled':
      return json(200, { status: 'cancelled' });
    case 'closed':
      return apiError(409, 'closed', 'The event is over.');
    case 'not-found':
      return apiError(404, 'not-found', 'No such sign-up.');
  }
};
