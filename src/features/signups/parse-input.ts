import type { Answers } from '#db/schema/signups.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { normalizeEmail, normalizePhone } from '#lib/contact.ts';
import {
  ANSWER_MAX,
  NAME_MAX,
  PARTY_MAX,
  type FieldErrors,
  type ParseResult,
  type QuestionSpec,
  type RawSignup,
  type SignupRules,
} from './schema.ts';

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.isWellFormed() ? value : undefined;
}

/** Whole numbers from JSON numbers or form strings ("2"); anything else is undefined. */
function count(value: unknown, fallback?: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A person's name as typed (a sign-up, an offer to help, a helper's profile); errors into `errors`. */
export function parseName(raw: unknown, errors: FieldErrors): string {
  const name = (text(raw) ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  // Control and invisible formatting characters have no place in a name on a printed list.
  const clean = !/[\p{Cc}\p{Cf}]/u.test(name.replace(/\u200c|\u200d/g, ''));
  if (!name || !clean) errors.name = { key: 'signup.error.nameRequired' };
  else if ([...name].length > NAME_MAX) errors.name = { key: 'signup.error.nameTooLong', vars: { max: NAME_MAX } };
  return name;
}

function parseAnswer(q: QuestionSpec, raw: unknown, errors: FieldErrors, answers: Answers) {
  const field = `question.${q.id}`;
  const optionIds = new Set(q.options.map((o) => o.id));
  const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
  if (empty) {
    if (q.required) errors[field] = { key: 'signup.error.required' };
    return;
  }
  if (q.kind === 'text') {
    const value = text(raw)?.trim();
    if (value === undefined) errors[field] = { key: 'signup.error.required' };
    else if ([...value].length > ANSWER_MAX) errors[field] = { key: 'signup.error.tooLong', vars: { max: ANSWER_MAX } };
    else if (value) answers[q.id] = value;
    else if (q.required) errors[field] = { key: 'signup.error.required' };
  } else if (q.kind === 'choice') {
    if (typeof raw === 'string' && optionIds.has(raw)) answers[q.id] = raw;
    else errors[field] = { key: 'signup.error.invalidChoice' };
  } else if (q.kind === 'multi') {
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length <= optionIds.size && list.every((v) => typeof v === 'string' && optionIds.has(v))) {
      answers[q.id] = [...new Set(list as string[])];
    } else errors[field] = { key: 'signup.error.invalidChoice' };
  } else {
    const value = raw === true || raw === 'yes' ? true : raw === false || raw === 'no' ? false : undefined;
    if (value === undefined) errors[field] = { key: 'signup.error.invalidChoice' };
    else answers[q.id] = value;
  }
}

/**
 * One way to be reached: an email, a phone or both, each valid, normalised (a sign-up, an offer
 * to help, a helper's profile); errors into `errors`.
 */
export function parseContact(rawEmail: unknown, rawPhone: unknown, errors: FieldErrors): { email: string | null; phone: string | null } {
  const emailText = text(rawEmail)?.trim() ?? '';
  const phoneText = text(rawPhone)?.trim() ?? '';
  if (rawEmail !== undefined && rawEmail !== null && text(rawEmail) === undefined) errors.email = { key: 'signup.error.emailInvalid' };
  if (rawPhone !== undefined && rawPhone !== null && text(rawPhone) === undefined) errors.phone = { key: 'signup.error.phoneInvalid' };
  const email = emailText ? normalizeEmail(emailText) : null;
  const phone = phoneText ? normalizePhone(phoneText) : null;
  if (emailText && !email) errors.email = { key: 'signup.error.emailInvalid' };
  if (phoneText && !phone) errors.phone = { key: 'signup.error.phoneInvalid' };
  if (!emailText && !phoneText && !errors.email && !errors.phone) errors.contact = { key: 'signup.error.contactRequired' };
  return { email, phone };
}

/**
 * Validates a sign-up once, where it enters (form or API). Errors come back per field as
 * message keys; nothing here touches the database.
 */
export function parseSignupInput(
  raw: RawSignup,
  rules: SignupRules,
  options: { defaultLanguage: Lang; requireConsent: boolean },
): ParseResult {
  const errors: FieldErrors = {};
  const name = parseName(raw.name, errors);

  const { email, phone } = parseContact(raw.email, raw.phone, errors);

  const max = Math.min(rules.maxPartySize, PARTY_MAX);
  const adults = count(raw.adults, 1);
  const children = count(raw.children, 0);
  const smallChildren = rules.freeChildAge === null ? 0 : count(raw.smallChildren, 0);
  if (adults === undefined || adults < 1 || adults > max) errors.adults = { key: 'signup.error.adults', vars: { max } };
  if (children === undefined || children > max) errors.children = { key: 'signup.error.children', vars: { max } };
  if (smallChildren === undefined || smallChildren > max) errors.smallChildren = { key: 'signup.error.children', vars: { max } };
  if (!errors.adults && !errors.children && !errors.smallChildren && adults! + children! + smallChildren! > max) {
    errors.adults = { key: 'signup.error.partyTooBig', vars: { max } };
  }

  let language = options.defaultLanguage;
  if (raw.language !== undefined && raw.language !== null && raw.language !== '') {
    if (isLang(raw.language)) language = raw.language;
    else errors.language = { key: 'signup.error.language' };
  }

  const answers: Answers = {};
  const rawAnswers =
    raw.answers !== null && typeof raw.answers === 'object' && !Array.isArray(raw.answers) ? (raw.answers as Record<string, unknown>) : {};
  for (const q of rules.questions) parseAnswer(q, Object.hasOwn(rawAnswers, q.id) ? rawAnswers[q.id] : undefined, errors, answers);

  if (options.requireConsent && raw.consent !== true && raw.consent !== 'on' && raw.consent !== 'yes') {
    errors.consent = { key: 'signup.error.consent' };
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name, email, phone, adults: adults!, children: children!, smallChildren: smallChildren!, language, answers },
  };
}

/** Seats a party takes: small children only count when the event has no free age. */
export function seatsFor(party: { adults: number; children: number; smallChildren: number }, freeChildAge: number | null): number {
  return party.adults + party.children + (freeChildAge === null ? party.smallChildren : 0);
}
