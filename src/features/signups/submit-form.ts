import type { Db } from '#db/client.ts';
import { formatDate, formatTime } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { honeypotFilled, rawFromForm } from './form-data.ts';
import { checkSignupRate } from './limits.ts';
import { createSignup } from './mutations.ts';
import { parseSignupInput, seatsFor } from './parse-input.ts';
import { getSignupRules } from './rules.ts';
import type { FieldErrors, RawSignup } from './schema.ts';

export type FormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; values: RawSignup; errors: FieldErrors; notice?: FieldErrors[string] };

/** The sign-up form on an event page: parse, limit, sign up, and say what to show next. */
export async function submitSignupForm(
  db: Db,
  args: { eventId: string; eventPath: string; lang: Lang; form: FormData | null; ip: string; timeZone: string },
): Promise<FormResult> {
  const rules = await getSignupRules(db, args.eventId);
  const { form } = args;
  if (!rules || !form) return { kind: 'show', status: 400, values: {}, errors: {}, notice: { key: 'error.title' } };
  // A bot gets what looks like success and nothing is stored.
  if (honeypotFilled(form)) return { kind: 'redirect', location: args.eventPath };
  const values = rawFromForm(form, rules.questions);
  const parsed = parseSignupInput(values, rules, { defaultLanguage: args.lang, requireConsent: true });
  if (!parsed.ok) return { kind: 'show', status: 422, values, errors: parsed.errors };
  const seats = seatsFor(parsed.value, rules.freeChildAge);
  const rate = await checkSignupRate(db, args.ip, parsed.value, { eventId: args.eventId, seats, maxPartySize: rules.maxPartySize });
  if (!rate.allowed) return { kind: 'show', status: 429, values, errors: {}, notice: { key: 'signup.error.rateLimited' } };

  const outcome = await createSignup(db, args.eventId, parsed.value);
  switch (outcome.kind) {
    // A repeat goes to its decoy's page, which looks like a new sign-up's (decision 015).
    case 'confirmed':
    case 'waitlisted':
    case 'repeat':
      return { kind: 'redirect', location: `/${args.lang}/signup/${outcome.token}?new=1` };
    case 'party-too-big':
      return { kind: 'show', status: 422, values, errors: { adults: { key: 'signup.error.partyTooBig', vars: { max: outcome.max } } } };
    case 'full':
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'signup.fullNoWaitlist' } };
    case 'not-open': {
      const date = `${formatDate(outcome.opensAt, args.lang, args.timeZone)} ${formatTime(outcome.opensAt, args.lang, args.timeZone)}`;
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'signup.notOpen', vars: { date } } };
    }
    case 'closed':
    case 'no-signup':
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'signup.closed' } };
    case 'event-cancelled':
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'event.cancelledNote' } };
    case 'not-found':
      return { kind: 'show', status: 404, values, errors: {}, notice: { key: 'notFound.title' } };
  }
}
