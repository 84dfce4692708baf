import type { Db } from '#db/client.ts';
import type { Lang } from '#i18n/languages.ts';
import { rawFromForm } from './form-data.ts';
import { cancelManaged, stopManagedReminders, stopManagedTextMessages, updateManaged, type Managed } from './managed.ts';
import { chargeAddedSeats } from './limits.ts';
import { parseSignupInput, seatsFor } from './parse-input.ts';
import { getSignupRules } from './rules.ts';
import type { FormResult } from './submit-form.ts';

// The same answers as the sign-up form: where to go next, or what to show again.
export type ManageResult = FormResult;

/** The two forms of the manage page: change the party and answers, or cancel. */
export async function submitManageForm(
  db: Db,
  args: {
    managed: Pick<Managed, 'id' | 'decoy' | 'adults' | 'children' | 'smallChildren'>;
    eventId: string;
    language: Lang;
    pagePath: string;
    form: FormData | null;
    ip: string;
  },
): Promise<ManageResult> {
  const { form } = args;
  const rules = await getSignupRules(db, args.eventId);
  if (!form || !rules) return { kind: 'show', status: 400, values: {}, errors: {}, notice: { key: 'error.title' } };

  if (form.get('action') === 'reminders-off') {
    await stopManagedReminders(db, args.managed);
    return { kind: 'redirect', location: `${args.pagePath}?reminders=stopped` };
  }

  if (form.get('action') === 'sms-off') {
    await stopManagedTextMessages(db, args.managed);
    return { kind: 'redirect', location: `${args.pagePath}?sms=stopped` };
  }

  if (form.get('action') === 'cancel') {
    if (form.get('confirm') !== 'yes') {
      return { kind: 'show', status: 422, values: {}, errors: { confirm: { key: 'signup.manage.cancelNeedsCheck' } } };
    }
    const outcome = await cancelManaged(db, args.managed);
    if (outcome.kind === 'closed') return { kind: 'show', status: 409, values: {}, errors: {}, notice: { key: 'signup.manage.closed' } };
    return { kind: 'redirect', location: `${args.pagePath}?cancelled=1` };
  }

  // Name and contact stay as they are: only the party and the answers change here.
  const values = rawFromForm(form, rules.questions);
  const parsed = parseSignupInput({ ...values, name: 'x', email: 'x@example.org', language: args.language }, rules, {
    defaultLanguage: args.language,
    requireConsent: false,
  });
  if (!parsed.ok) return { kind: 'show', status: 422, values, errors: parsed.errors };
  // A bigger party asks for more seats: the same per-address share as a new sign-up (decoys too).
  const added = seatsFor(parsed.value, rules.freeChildAge) - seatsFor(args.managed, rules.freeChildAge);
  const rate = await chargeAddedSeats(db, args.ip, { eventId: args.eventId, seats: added, maxPartySize: rules.maxPartySize });
  if (!rate.allowed) return { kind: 'show', status: 429, values, errors: {}, notice: { key: 'signup.error.rateLimited' } };
  const outcome = await updateManaged(db, args.managed, parsed.value);
  switch (outcome.kind) {
    case 'updated':
      return { kind: 'redirect', location: `${args.pagePath}?saved=1` };
    case 'no-room':
      return { kind: 'show', status: 409, values, errors: { adults: { key: 'signup.error.noRoom' } } };
    case 'party-too-big':
      return { kind: 'show', status: 422, values, errors: { adults: { key: 'signup.error.partyTooBig', vars: { max: outcome.max } } } };
    case 'cancelled':
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'signup.manage.cancelled' } };
    case 'closed':
      return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'signup.manage.closed' } };
    case 'not-found':
      return { kind: 'show', status: 404, values, errors: {}, notice: { key: 'signup.manage.notFound' } };
  }
}
