import { z } from 'zod';
import { eventModes, eventStatuses } from '#db/schema/events.ts';
import { signupStatuses } from '#db/schema/signups.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { audiences } from '#features/events/audiences.ts';
import { eventPatchSchema, newEventSchema } from '#features/events/input.ts';
import type { JsonSchema } from './types.ts';
import { EVENT_SLUG_MAX, SLUG_PATTERN } from '#lib/slug.ts';

type Schema = JsonSchema;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const slug: Schema = { type: 'string', pattern: `^${SLUG_PATTERN}$`, maxLength: EVENT_SLUG_MAX };
const count: Schema = { type: 'integer', minimum: 0 };

/** Request bodies come from the zod schemas the routes parse with, so the two cannot drift. */
function fromZod(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return rest as Schema;
}

// Every response object is closed (additionalProperties: false): a field the code adds without
// documenting it fails the tests that check answers against this document.
export const componentSchemas: Record<string, Schema> = {
  Translated: {
    type: 'object',
    description: 'Text per language code (fi, sv, en, ar, so, ru, uk, fa); a missing language falls back to Finnish, then English.',
    additionalProperties: { type: 'string' },
  },
  Event: {
    type: 'object',
    additionalProperties: false,
    required: [
      'id',
      'slug',
      'title',
      'summary',
      'start',
      'end',
      'category',
      'spokenLanguages',
      'interpreter',
      'audiences',
      'place',
      'group',
      'mode',
      'capacity',
      'seatsLeft',
      'waitlist',
      'waiting',
      'maxPartySize',
      'costCents',
      'status',
      'sequence',
      'url',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      slug,
      title: ref('Translated'),
      summary: ref('Translated'),
      start: { type: 'string', format: 'date-time', description: "ISO 8601 with the hub's offset, e.g. 2027-03-28T10:00:00+03:00" },
      end: { type: 'string', format: 'date-time' },
      category: slug,
      spokenLanguages: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z]{2,3}$' },
        description: 'ISO 639 codes of the languages spoken at the event',
      },
      interpreter: { type: 'boolean' },
      audiences: { type: 'array', items: { enum: [...audiences] } },
      place: nullable(slug),
      group: nullable(slug),
      mode: { enum: [...eventModes], description: '"dropin": just come; "signup": sign up first' },
      capacity: nullable({ type: 'integer', minimum: 1 }),
      seatsLeft: nullable(count),
      waitlist: { type: 'boolean', description: 'the event has a waiting list' },
      waiting: { ...count, description: 'how many are on the waiting list' },
      maxPartySize: { type: 'integer', minimum: 1 },
      costCents: nullable(count),
      status: { enum: [...eventStatuses] },
      sequence: { ...count, description: 'grows on every change of time, place or status (as iCalendar SEQUENCE)' },
      url: { type: 'string', format: 'uri', description: "the event's public page" },
    },
  },
  EventList: {
    type: 'object',
    additionalProperties: false,
    required: ['events', 'next', 'nextCursor'],
    properties: {
      events: { type: 'array', items: ref('Event') },
      next: { ...nullable({ type: 'string', format: 'uri' }), description: 'the address of the next page; null on the last one' },
      nextCursor: { ...nullable({ type: 'string' }), description: 'the cursor in `next`, for callers that build their own address' },
    },
  },
  Error: {
    type: 'object',
    additionalProperties: false,
    required: ['error', 'message'],
    properties: {
      error: {
        enum: [
          'bad-request',
          'unauthorized',
          'forbidden',
          'not-found',
          'unsupported-media-type',
          'payload-too-large',
          'rate-limited',
          'full',
          'event-cancelled',
          'no-signup',
          'not-open',
          'closed',
          'internal',
          'unavailable',
          'method-not-allowed',
        ],
      },
      message: { type: 'string', description: 'for people; in the language asked for where the route says so' },
    },
  },
  SignupConflict: {
    type: 'object',
    additionalProperties: false,
    required: ['error', 'message'],
    properties: {
      error: { enum: ['full', 'event-cancelled', 'no-signup', 'not-open', 'closed'] },
      message: { type: 'string' },
      opensAt: { type: 'string', format: 'date-time', description: 'with "not-open": when sign-up opens' },
    },
  },
  ValidationError: {
    type: 'object',
    additionalProperties: false,
    required: ['error', 'message', 'errors'],
    properties: {
      error: { const: 'validation' },
      message: { type: 'string' },
      errors: { type: 'object', additionalProperties: { type: 'string' }, description: 'a message per field name' },
    },
  },
  NewEvent: fromZod(newEventSchema),
  EventPatch: fromZod(eventPatchSchema),
  EventCancelled: {
    type: 'object',
    additionalProperties: false,
    required: ['status', 'notified'],
    properties: { status: { const: 'cancelled' }, notified: { ...count, description: 'attendees emailed about it' } },
  },
  SignupRequest: {
    type: 'object',
    required: ['name', 'adults', 'consent'],
    description: 'Give email or phone (or both).',
    properties: {
      name: { type: 'string', maxLength: 80 },
      email: { type: 'string', format: 'email' },
      phone: { type: 'string', description: 'Finnish or international format' },
      adults: { type: 'integer', minimum: 1 },
      children: { type: 'integer', minimum: 0 },
      smallChildren: { type: 'integer', minimum: 0, description: "children under the event's free age, when it has one" },
      language: { enum: [...uiLanguages], description: 'language of the messages; also of the error messages' },
      answers: { type: 'object', description: "answers to the event's own questions, by question id" },
      consent: {
        const: true,
        description: "the person agrees that their name and contact are kept for the event (the form's tick box); without it, 422",
      },
      website: {
        type: 'string',
        maxLength: 0,
        description:
          "a trap for robots (the form's hidden field): leave it out or empty. When it is filled, the answer looks like a success and nothing is stored",
      },
    },
  },
  SignupCreated: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'manageUrl'],
        properties: { status: { const: 'confirmed' }, manageUrl: { type: 'string', format: 'uri' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'position', 'manageUrl'],
        properties: {
          status: { const: 'waitlisted' },
          position: { type: 'integer', minimum: 1 },
          manageUrl: { type: 'string', format: 'uri' },
        },
      },
    ],
  },
  SignupCancelled: {
    type: 'object',
    additionalProperties: false,
    required: ['status'],
    properties: { status: { const: 'cancelled' } },
  },
  Attendee: {
    type: 'object',
    additionalProperties: false,
    required: [
      'id',
      'name',
      'email',
      'phone',
      'adults',
      'children',
      'smallChildren',
      'seats',
      'status',
      'position',
      'language',
      'answers',
      'walkIn',
      'smsOff',
      'attended',
      'attendedPeople',
      'signedUpAt',
    ],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      email: nullable({ type: 'string' }),
      phone: nullable({ type: 'string' }),
      adults: count,
      children: count,
      smallChildren: count,
      seats: { type: 'integer', minimum: 1 },
      status: { enum: [...signupStatuses] },
      position: { ...nullable({ type: 'integer', minimum: 1 }), description: 'place in the waiting list' },
      language: { type: 'string' },
      answers: {
        type: 'object',
        additionalProperties: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
      },
      walkIn: { type: 'boolean' },
      smsOff: { type: 'boolean', description: 'the person stopped text messages about this sign-up' },
      attended: nullable({ type: 'boolean' }),
      attendedPeople: { ...nullable({ type: 'integer', minimum: 0 }), description: 'how many of the party came; null until marked' },
      signedUpAt: { type: 'string', format: 'date-time' },
    },
  },
  AttendeeList: {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'capacity', 'attendees'],
    properties: {
      eventId: { type: 'string', format: 'uuid' },
      capacity: nullable({ type: 'integer', minimum: 1 }),
      attendees: { type: 'array', items: ref('Attendee') },
    },
  },
};
