import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { apiEventById } from '#features/events/api-read.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';
import { updateEvent } from '#features/events/editing.ts';
import { eventPatchSchema, fieldErrors } from '#features/events/input.ts';
import { publicError, publicJson, publicReadPreflight } from '#features/http/cors.ts';
import { forbidden, requireApiUser } from '#features/http/api-auth.ts';
import { apiError, json, readJsonObject, UUID } from '#features/http/json.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const notFound = () => publicError(apiError(404, 'not-found', 'No such event.'));
  if (!UUID.test(params.id ?? '')) return notFound();
  const db = await getDb();
  const hub = await getCurrentHub(db);
  const event = hub ? await apiEventById(db, params.id!, { publishedOnly: true, hubId: hub.id }) : null;
  return event ? publicJson(request, event) : notFound();
};

export const OPTIONS: APIRoute = () => publicReadPreflight();

export const PATCH: APIRoute = async ({ params, request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  if (!UUID.test(params.id ?? '')) return apiError(404, 'not-found', 'No such event.');
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = eventPatchSchema.safeParse(read.body);
  if (!parsed.success) return apiError(422, 'validation', 'Some fields are not valid.', { errors: fieldErrors(parsed.error) });
  const outcome = await updateEvent(db, auth.actor, params.id!, parsed.data);
  if (outcome.kind === 'not-found') return apiError(404, 'not-found', 'No such event.');
  if (outcome.kind === 'forbidden') return forbidden();
  if (outcome.kind === 'invalid') return apiError(422, 'validation', 'Some fields are not valid.', { errors: outcome.errors });
  return json(200, await apiEventById(db, outcome.eventId));
};
