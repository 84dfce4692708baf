import { z } from 'zod';
import { uiLanguages } from '#i18n/languages.ts';
import { audiences } from './audiences.ts';
import { EVENT_SLUG_MAX, slugSchema } from '#lib/slug.ts';

// Limits that fit a listing card and an email, with room for long languages.
export const TITLE_MAX = 120;
export const TEXT_MAX = 5_000;

const text = (max: number) => z.string().trim().max(max);
const translated = (max: number) =>
  z.partialRecord(z.enum(uiLanguages), text(max)).transform((v) => Object.fromEntries(Object.entries(v).filter(([, s]) => s)));
const slug = slugSchema(EVENT_SLUG_MAX);
// Times must carry their offset: a bare local time is ambiguous twice a year.
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const fields = {
  slug,
  title: translated(TITLE_MAX).refine((v) => Object.keys(v).length > 0, 'needs a title in at least one language'),
  summary: translated(300),
  description: translated(TEXT_MAX),
  whatToBring: translated(500),
  costNote: translated(300),
  costCents: z.number().int().min(0).max(100_000).nullable(),
  category: slug,
  place: slug.nullable(),
  group: slug.nullable(),
  start: instant,
  end: instant,
  mode: z.enum(['dropin', 'signup']),
  capacity: z.number().int().min(1).max(10_000).nullable(),
  waitlist: z.boolean(),
  maxPartySize: z.number().int().min(1).max(50),
  freeChildAge: z.number().int().min(1).max(17).nullable(),
  signupOpensAt: instant.nullable(),
  signupClosesAt: instant.nullable(),
  spokenLanguages: z
    .array(z.string().regex(/^[a-z]{2,3}$/))
    .max(20)
    .transform((l) => [...new Set(l)]),
  interpreter: z.boolean(),
  audiences: z
    .array(z.enum(audiences))
    .min(1)
    .max(audiences.length)
    .transform((l) => [...new Set(l)]),
  published: z.boolean(),
  // Null: the hub's default (docs/decisions/008). 0 hours: no "hours before" reminder.
  reminderHours: z.number().int().min(0).max(336).nullable(),
  morningReminder: z.boolean().nullable(),
};

export const newEventSchema = z.strictObject({
  ...fields,
  slug: fields.slug.optional(),
  summary: fields.summary.optional(),
  description: fields.description.optional(),
  whatToBring: fields.whatToBring.optional(),
  costNote: fields.costNote.optional(),
  costCents: fields.costCents.optional(),
  place: fields.place.optional(),
  group: fields.group.optional(),
  capacity: fields.capacity.optional(),
  waitlist: fields.waitlist.optional(),
  maxPartySize: fields.maxPartySize.optional(),
  freeChildAge: fields.freeChildAge.optional(),
  signupOpensAt: fields.signupOpensAt.optional(),
  signupClosesAt: fields.signupClosesAt.optional(),
  spokenLanguages: fields.spokenLanguages.optional(),
  interpreter: fields.interpreter.optional(),
  audiences: fields.audiences.optional(),
  published: fields.published.optional(),
  reminderHours: fields.reminderHours.optional(),
  morningReminder: fields.morningReminder.optional(),
});
export type NewEventInput = z.infer<typeof newEventSchema>;

export const eventPatchSchema = z.strictObject(fields).partial();
export type EventPatch = z.infer<typeof eventPatchSchema>;

/** zod issues as `{field: message}` for a 422 answer. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    out[field] ??= issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  }
  return out;
}
