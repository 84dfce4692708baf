import { audiences } from '#features/events/audiences.ts';
import { API_DEFAULT_LIMIT, API_MAX_LIMIT } from '#features/events/api-query.ts';
import { MAX_QUERY_LENGTH } from '#features/events/schema.ts';
import { eventModes } from '#db/schema/events.ts';
import { helperTaskKinds } from '#db/schema/helpers.ts';
import { componentSchemas } from './schemas.ts';
import type { Header, OpenApiDocument, Operation, Parameter, ResponseObject } from './types.ts';

const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (description: string, name: string, headers?: Record<string, Header>): ResponseObject => ({
  description,
  headers,
  content: { 'application/json': { schema: schema(name) } },
});
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

const corsHeader: Header = { description: 'Public reads may be fetched from any site.', schema: { const: '*' } };
const etagHeader: Header = { description: 'Send it back as If-None-Match: an unchanged answer is a 304.', schema: { type: 'string' } };
const readHeaders = { 'Access-Control-Allow-Origin': corsHeader, ETag: etagHeader };

const eventId: Parameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const bearer = [{ bearer: [] }];
const publicRead = { security: [] };

// The listing's filters (/{lang}/events takes the same).
const filterParameters: Parameter[] = [
  { name: 'category', in: 'query', schema: { type: 'string' }, description: 'category slug' },
  {
    name: 'spoken',
    in: 'query',
    schema: { type: 'string', pattern: '^[a-z]{2,3}$' },
    description: 'a language spoken at the event (ISO 639)',
  },
  { name: 'audience', in: 'query', schema: { enum: [...audiences] } },
  { name: 'place', in: 'query', schema: { type: 'string' }, description: 'place slug' },
  { name: 'group', in: 'query', schema: { type: 'string' }, description: 'group slug' },
  { name: 'mode', in: 'query', schema: { enum: [...eventModes] } },
  {
    name: 'help',
    in: 'query',
    schema: { enum: ['1', ...helperTaskKinds] },
    description: 'events still taking offers to help: `1` for any task, or one kind of task',
  },
  {
    name: 'interprets',
    in: 'query',
    schema: { type: 'string', pattern: '^[a-z]{2,3}$' },
    description: 'events that still need an interpreter into this language (ISO 639)',
  },
  {
    name: 'from',
    in: 'query',
    schema: { type: 'string', format: 'date' },
    description: "first day (in the hub's zone); earlier days show past events",
  },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: "last day (in the hub's zone)" },
  {
    name: 'q',
    in: 'query',
    schema: { type: 'string', maxLength: MAX_QUERY_LENGTH },
    description: 'words in the title, summary or description, any language',
  },
];

const preflight: Operation = {
  summary: 'CORS preflight for the public reads',
  security: [],
  responses: { 204: { description: 'Allowed methods and headers for cross-site reads.' } },
};

/** The OpenAPI 3.1 description of everything under /api/v1 (served at /api/v1/openapi.json). */
export function openApiDocument(publicUrl: string): OpenApiDocument {
  return withUnavailable({
    openapi: '3.1.0',
    info: {
      title: 'Tori API',
      version: '1.0.0',
      description:
        "The programme of the hub, sign-ups, and the leaders' tools. Reads are public and allowed from any site (CORS); " +
        "writes about events need `Authorization: Bearer TOKEN` (an admin, or a leader of the event's group) and do not allow " +
        'cross-site browser calls. Errors are JSON `{error, message}`.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: bearer,
    paths: {
      '/events': {
        get: {
          operationId: 'listEvents',
          summary: 'Upcoming public events, cancelled ones included (status "cancelled") until they end',
          ...publicRead,
          parameters: [
            ...filterParameters,
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: API_MAX_LIMIT, default: API_DEFAULT_LIMIT } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'from `next` of the previous page' },
          ],
          responses: {
            200: jsonBody('Events in order of start time.', 'EventList', readHeaders),
            304: response('NotModified'),
            400: jsonBody('A filter, limit or cursor that is not understood, or a slug that names nothing.', 'Error', {
              'Access-Control-Allow-Origin': corsHeader,
            }),
            500: response('Internal'),
          },
        },
        options: preflight,
        post: {
          operationId: 'createEvent',
          summary: 'Create an event (admin, or a leader of its group)',
          requestBody: { required: true, content: { 'application/json': { schema: schema('NewEvent') } } },
          responses: {
            201: jsonBody('Created.', 'Event', { Location: { schema: { type: 'string' }, description: 'its address in this API' } }),
            400: response('BadJson'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: jsonBody('No such category, place or group.', 'Error'),
            413: response('TooLarge'),
            415: response('NotJson'),
            422: jsonBody('Some fields are not valid.', 'ValidationError'),
            500: response('Internal'),
          },
        },
      },
      '/events/{id}': {
        parameters: [eventId],
        get: {
          operationId: 'getEvent',
          summary: 'One published event (also past and cancelled ones)',
          ...publicRead,
          responses: {
            200: jsonBody('The event.', 'Event', readHeaders),
            304: response('NotModified'),
            404: jsonBody('No such event.', 'Error', { 'Access-Control-Allow-Origin': corsHeader }),
            500: response('Internal'),
          },
        },
        options: preflight,
        patch: {
          operationId: 'updateEvent',
          summary: 'Change an event: only the fields sent',
          requestBody: { required: true, content: { 'application/json': { schema: schema('EventPatch') } } },
          responses: {
            200: jsonBody('The changed event.', 'Event'),
            400: response('BadJson'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: response('NotFound'),
            413: response('TooLarge'),
            415: response('NotJson'),
            422: jsonBody('Some fields are not valid.', 'ValidationError'),
            500: response('Internal'),
          },
        },
      },
      '/events/{id}/cancel': {
        parameters: [eventId],
        post: {
          operationId: 'cancelEvent',
          summary: 'Cancel an event; its attendees are emailed. Cancelling again answers 200 too.',
          responses: {
            200: jsonBody('Cancelled.', 'EventCancelled'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: response('NotFound'),
            500: response('Internal'),
          },
        },
      },
      '/events/{id}/attendees': {
        parameters: [eventId],
        get: {
          operationId: 'listAttendees',
          summary: 'Who signed up: confirmed, then the waiting list in order, then cancelled',
          responses: {
            200: jsonBody('The list.', 'AttendeeList'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: response('NotFound'),
            500: response('Internal'),
          },
        },
      },
      '/events/{id}/attendees.csv': {
        parameters: [eventId],
        get: {
          operationId: 'attendeesCsv',
          summary: 'The attendee list as CSV (UTF-8 with a byte order mark, for spreadsheets)',
          responses: {
            200: { description: 'CSV with a header row.', content: { 'text/csv': { schema: { type: 'string' } } } },
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: response('NotFound'),
            500: response('Internal'),
          },
        },
      },
      '/events/{id}/signups': {
        parameters: [eventId],
        post: {
          operationId: 'signUp',
          summary: 'Sign up for an event (no token needed); rate-limited per address, per contact and per address and event',
          description:
            'A repeated sign-up (same event, same email or phone as a live sign-up) takes no seat and is answered exactly like a new one: ' +
            '201 with the status a new sign-up would get now and a manage link of its own, which never opens the first sign-up. ' +
            "The first sign-up's owner is told at their own email address. The same honeypot and consent rules as the form apply.",
          security: [],
          parameters: [
            {
              name: 'Accept-Language',
              in: 'header',
              schema: { type: 'string' },
              description: 'language of the messages when the body has no `language`',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: schema('SignupRequest') } } },
          responses: {
            201: jsonBody('Signed up, or on the waiting list; a repeat looks the same (see above).', 'SignupCreated'),
            400: response('BadJson'),
            403: response('CrossSite'),
            404: response('NotFound'),
            409: jsonBody(
              'No seat and no waiting list, sign-up closed or not yet open, a drop-in event, or a cancelled one.',
              'SignupConflict',
            ),
            413: response('TooLarge'),
            415: response('NotJson'),
            422: jsonBody('Some fields are not valid (messages in the language asked for).', 'ValidationError'),
            429: jsonBody(
              'Too many sign-ups from this address or for this contact, or too many seats of this event asked for from this address.',
              'Error',
              { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
            ),
            500: response('Internal'),
          },
        },
      },
      '/signups/{token}/cancel': {
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: 'from the manage link' }],
        post: {
          operationId: 'cancelSignup',
          summary: 'Cancel a sign-up with its manage token; the seats go to the waiting list',
          description:
            'Send `Content-Type: application/json` (the body may be empty): a post without it from another origin is refused as a cross-site form.',
          security: [],
          responses: {
            200: jsonBody('Cancelled (also when it was already).', 'SignupCancelled'),
            403: response('CrossSite'),
            404: jsonBody('No such sign-up.', 'Error'),
            409: jsonBody('The event is over.', 'Error'),
            500: response('Internal'),
          },
        },
        get: {
          operationId: 'cancelSignupWrongMethod',
          summary: 'Any method but POST is refused (the same for HEAD, PUT, PATCH and DELETE)',
          security: [],
          responses: { 405: jsonBody('Use POST.', 'Error') },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          ...publicRead,
          responses: {
            200: { description: 'OpenAPI 3.1', headers: readHeaders, content: { 'application/json': { schema: { type: 'object' } } } },
            304: response('NotModified'),
          },
        },
        options: preflight,
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `npm run cli -- token create --email E`.' },
      },
      schemas: componentSchemas,
      responses: {
        NotModified: { description: 'Unchanged since the ETag sent in If-None-Match.' },
        BadJson: jsonBody('The body is not a JSON object.', 'Error'),
        Unauthorized: jsonBody('No valid token.', 'Error', { 'WWW-Authenticate': { schema: { const: 'Bearer' } } }),
        // Astro's origin check answers before the route for a form-like or untyped body from elsewhere.
        Forbidden: {
          description:
            'JSON: the token may not do that. Plain text: the body was not sent as application/json (the origin check refuses form posts from other sites).',
          content: { 'application/json': { schema: schema('Error') }, 'text/plain': { schema: { type: 'string' } } },
        },
        CrossSite: {
          description: 'The body was not sent as application/json: the origin check refuses form posts from other sites.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        NotFound: jsonBody('No such event.', 'Error'),
        TooLarge: jsonBody('The body is too large.', 'Error'),
        NotJson: jsonBody('Send the body as application/json.', 'Error'),
        Internal: jsonBody('Something broke on our side; nothing about it is shown.', 'Error'),
        Unavailable: jsonBody(
          'The database is briefly away or overloaded (`error` is "unavailable"); nothing was half-done. Try again after Retry-After seconds.',
          'Error',
          { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
        ),
      },
    },
  });
}

// Any operation that reads or writes the database may answer 503 while the database is away.
function withUnavailable(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation | unknown>)) {
      if (method === 'options' || !operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      (operation as Operation).responses[503] ??= response('Unavailable');
    }
  }
  return document;
}
