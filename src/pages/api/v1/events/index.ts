import type { APIRoute } from 'astro';
import { getDb } from '../../../../db/client.ts';
import { apiEventById } from '../../../../features/events/api-read.ts';
import { createEvent } from '../../../../features/events/editing.ts';
import { fieldErrors, newEventSchema } from '../../../../features/events/input.ts';
import { forbidden, requireApiUser } from '../../../../features/http/api-auth.ts';
import { apiError, json, readJsonObject } from '../../../../features/http/json.ts';

export const POST: APIRoute = async ({ request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = newEventSchema.safeParse(read.body);
  if (!parsed.success) return apiError(422, 'validation', 'Some fields are not valid.', { errors: fieldErrors(parsed.error) });
  const outcome = await createEvent(db, auth.user, parsed.data);
  if (outcome.kind === 'forbidden') return forbidden();
  if (outcome.kind === 'invalid') return apiError(422, 'validation', 'Some fields are not valid.', { errors: outcome.errors });
  if (outcome.kind === 'not-found') return apiError(404, 'not-found', 'Not found.');
  return json(201, await apiEventById(db, outcome.eventId), { Location: `/api/v1/events/${outcome.eventId}` });
};
