import type { MessageKey } from '#i18n/catalog-type.ts';
import type { Answers } from '#db/schema/signups.ts';
import type { QuestionKind, QuestionOption } from '#db/schema/questions.ts';
import type { Lang } from '#i18n/languages.ts';

// Long enough for a full name in any script, short enough for an attendee list.
export const NAME_MAX = 80;
// A free-text answer (diet, allergies) fits in a few sentences.
export const ANSWER_MAX = 500;
// The database's own ceiling for one party; each event sets its lower maximum.
export const PARTY_MAX = 50;

export interface SignupInput {
  name: string;
  email: string | null;
  phone: string | null;
  adults: number;
  children: number;
  smallChildren: number;
  language: Lang;
  answers: Answers;
}

/** A field-level problem, as a message key so each edge can say it in its own language. */
export interface FieldError {
  key: MessageKey;
  vars?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

export interface QuestionSpec {
  id: string;
  kind: QuestionKind;
  required: boolean;
  options: QuestionOption[];
}

/** What the parser needs to know about the event. */
export interface SignupRules {
  maxPartySize: number;
  freeChildAge: number | null;
  questions: QuestionSpec[];
}

/** Raw values as they arrive from a form (strings) or JSON (any type): the parser trusts none. */
export interface RawSignup {
  name?: unknown;
  email?: unknown;
  phone?: unknown;
  adults?: unknown;
  children?: unknown;
  smallChildren?: unknown;
  language?: unknown;
  answers?: unknown;
  consent?: unknown;
}

export type ParseResult = { ok: true; value: SignupInput } | { ok: false; errors: FieldErrors };
