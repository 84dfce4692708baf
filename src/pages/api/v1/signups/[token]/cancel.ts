import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { apiError, json } from '#features/http/json.ts';
import { cancelManaged, getManagedByToken } from '#features/signups/managed.ts';

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

// Any other method: answered here, because Astro's router would otherwise log a warning that
// carries the whole path, manage token included.
export const ALL: APIRoute = () => apiError(405, 'method-not-allowed', 'Use POST.', {}, { Allow: 'POST' });
