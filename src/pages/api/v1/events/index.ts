import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { getConfig } from '#config';
import { apiEventById, listApiEvents } from '#features/events/api-read.ts';
import { parseApiListQuery } from '#features/events/api-query.ts';
import { createEvent } from '#features/events/editing.ts';
import { fieldErrors, newEventSchema } from '#features/events/input.ts';
import { forbidden, requireApiUser } from '#features/http/api-auth.ts';
import { publicError, publicJson, publicReadPreflight } from '#features/http/cors.ts';
import { apiError, json, readJsonObject } from '#features/http/json.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';

export const GET: APIRoute = async ({ request, url }) => {
  const parsed = parseApiListQuery(url.searchParams);
  if (!parsed.ok) return publicError(apiError(400, 'bad-request', parsed.message));
  const db = await getDb();
  const hub = await getCurrentHub(db);
  if (!hub) throw new Error('No hub in the database');
  const result = await listApiEvents(db, hub, parsed.query, { now: new Date(), publicUrl: getConfig().publicUrl });
  if (result.kind === 'unknown') return publicError(apiError(400, 'bad-request', `No such ${result.names.join(', ')}.`));
  return publicJson(request, { events: result.events, next: result.next, nextCursor: result.nextCursor });
};

export const OPTIONS: APIRoute = () => publicReadPreflight();

export const POST: APIRoute = async ({ request }) => {
  const db = await getDb();
  const auth = await requireApiUser(db, request);
  if (!auth.ok) return auth.response;
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const parsed = newEventSchema.safeParse(read.body);
  if (!parsed.success) return apiError(422, 'validation', 'Some fields are not valid.', { errors: fieldErrors(parsed.error) });
  const outcome = await createEvent(db, auth.actor, parsed.data);
  if (outcome.kind === 'forbidden') return forbidden();
  if (outcome.kind === 'invalid') return apiError(422, 'validation', 'Some fields are not valid.', { errors: outcome.errors });
  if (outcome.kind === 'not-found') return apiError(404, 'not-found', 'Not found.');
  return json(201, await apiEventById(db, outcome.eventId), { Location: `/api/v1/events/${outcome.eventId}` });
};
