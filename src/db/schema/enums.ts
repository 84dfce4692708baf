import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/*
 * Every fixed list of values a column may hold, once: the TypeScript types, the zod schemas and
 * the OpenAPI document read these arrays, and so do the CHECK constraints (`oneOf`), so adding
 * a value here and generating a migration changes both sides together.
 */
export const eventModes = ['dropin', 'signup'] as const;
export const eventStatuses = ['scheduled', 'cancelled'] as const;
export const signupStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const;
export const questionKinds = ['text', 'choice', 'multi', 'yesno'] as const;
export const frequencies = ['weekly', 'biweekly', 'monthly'] as const;
export const roles = ['admin', 'leader', 'partner', 'translator'] as const;
export const outboxKinds = [
  'signup-confirmed',
  'signup-waitlisted',
  'signup-promoted',
  'signup-cancelled',
  'signup-link',
  'reminder',
  'event-changed',
  'event-cancelled',
  'feedback',
  'leader-message',
  'login-link',
  'password-changed',
  // Volunteer tasks (decision 031).
  'helper-offered',
  'helper-link',
  'helper-confirmed',
  'helper-declined',
  'helper-cancelled',
  // What attendees get, for confirmed helpers (and waiting offers, for a cancellation).
  'helper-reminder',
  'helper-event-changed',
  'helper-event-cancelled',
  // Helper profiles and invitations (decision 032).
  'helper-profile-link',
  'helper-invited',
] as const;
export const outboxStatuses = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export const outboxChannels = ['email', 'sms'] as const;
export const feedbackSources = ['link', 'kiosk'] as const;
export const helperTaskKinds = ['cook', 'interpreter', 'setup', 'childcare', 'driver', 'custom'] as const;
export const helperOfferStatuses = ['offered', 'confirmed', 'declined', 'cancelled'] as const;
// What a helper's profile says they can do: the task kinds, less "custom" (their note says it).
export const helperSkills = ['cook', 'interpreter', 'setup', 'childcare', 'driver'] as const;
// When a helper is usually free: a weekday and a part of the day, e.g. 'mon-morning'.
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const dayParts = ['morning', 'afternoon', 'evening'] as const;
export const helperSlots = weekdays.flatMap((d) => dayParts.map((p) => `${d}-${p}` as const));
export const invitationAnswers = ['accepted', 'declined'] as const;

export type EventMode = (typeof eventModes)[number];
export type EventStatus = (typeof eventStatuses)[number];
export type SignupStatus = (typeof signupStatuses)[number];
export type QuestionKind = (typeof questionKinds)[number];
export type Frequency = (typeof frequencies)[number];
export type Role = (typeof roles)[number];
export type OutboxKind = (typeof outboxKinds)[number];
export type OutboxStatus = (typeof outboxStatuses)[number];
export type OutboxChannel = (typeof outboxChannels)[number];
export type FeedbackSource = (typeof feedbackSources)[number];
export type HelperTaskKind = (typeof helperTaskKinds)[number];
export type HelperOfferStatus = (typeof helperOfferStatuses)[number];
export type HelperSkill = (typeof helperSkills)[number];
export type HelperSlot = (typeof helperSlots)[number];
export type InvitationAnswer = (typeof invitationAnswers)[number];

const LITERAL = /^[a-z][a-z-]*$/;

/**
 * `column IN ('a', 'b')` for a CHECK constraint. A constraint's SQL cannot take parameters, so
 * the values are written in; only the plain lower-case words above are accepted.
 */
export function oneOf(column: AnyColumn, values: readonly string[]): SQL {
  if (!values.every((v) => LITERAL.test(v))) throw new Error(`not a plain enum value in ${values.join(', ')}`);
  return sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** `column <@ ARRAY['a', 'b']` for a CHECK constraint on a text[] column: every element is one of these. */
export function allOf(column: AnyColumn, values: readonly string[]): SQL {
  if (!values.every((v) => LITERAL.test(v))) throw new Error(`not a plain enum value in ${values.join(', ')}`);
  return sql`${column} <@ ARRAY[${sql.raw(values.map((v) => `'${v}'`).join(', '))}]::text[]`;
}
