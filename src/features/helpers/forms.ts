import { createHash } from 'node:crypto';
import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import { hitRateLimit } from '#features/rate-limit/mutations.ts';
import { SIGNUPS_PER_ADDRESS, SIGNUPS_PER_CONTACT } from '#features/signups/limits.ts';
import type { Lang } from '#i18n/languages.ts';
import { formText } from '#lib/forms.ts';
import { UUID } from '#features/http/json.ts';
import { addTask, createOffer, decideOffer, MINUTES_MAX, removeTask, setHours } from './mutations.ts';
import { parseOffer, parseTask, type FieldError, type FieldErrors, type RawOffer } from './schema.ts';

const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

export type OfferFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; values: RawOffer; errors: FieldErrors; notice?: FieldError };

/**
 * The offer form on an event's help page: parse, limit (the sign-up limits, counted apart), offer.
 * Every accepted offer, new or repeated, gets the same answer (decision 015).
 */
export async function submitOfferForm(
  db: Db,
  args: { helpPath: string; lang: Lang; form: FormData | null; ip: string },
): Promise<OfferFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', status: 400, values: {}, errors: {}, notice: { key: 'error.title' } };
  const done = `${args.helpPath}?sent=1#offer`;
  if (formText(form, 'website')) return { kind: 'redirect', location: done };
  const values: RawOffer = {
    task: formText(form, 'task'),
    name: formText(form, 'name'),
    email: formText(form, 'email'),
    phone: formText(form, 'phone'),
    consent: formText(form, 'consent'),
    spoken: form.getAll('spoken').filter((v): v is string => typeof v === 'string'),
  };
  const parsed = parseOffer(values, args.lang);
  if (!parsed.ok) return { kind: 'show', status: 422, values, errors: parsed.errors };
  const checks = [hitRateLimit(db, `helper:ip:${hashed(args.ip)}`, SIGNUPS_PER_ADDRESS)];
  if (parsed.value.email) checks.push(hitRateLimit(db, `helper:email:${hashed(parsed.value.email)}`, SIGNUPS_PER_CONTACT));
  if (parsed.value.phone) checks.push(hitRateLimit(db, `helper:phone:${hashed(parsed.value.phone)}`, SIGNUPS_PER_CONTACT));
  if ((await Promise.all(checks)).some((o) => !o.allowed))
    return { kind: 'show', status: 429, values, errors: {}, notice: { key: 'signup.error.rateLimited' } };
  const outcome = await createOffer(db, parsed.value);
  if (outcome.kind === 'offered') return { kind: 'redirect', location: done };
  if (outcome.kind === 'closed') return { kind: 'show', status: 409, values, errors: {}, notice: { key: 'helpers.closed' } };
  return { kind: 'show', status: 404, values, errors: { task: { key: 'helpers.error.task' } } };
}

export type LeaderFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; errors: FieldErrors; notice?: FieldError; values?: Record<string, string> };

/** The forms of the leader's helpers page: add or remove a task, confirm or decline, hours. */
export async function submitHelpersForm(
  db: Db,
  args: { actor: Actor; eventId: string; form: FormData | null; pagePath: string },
): Promise<LeaderFormResult> {
  const { form, actor, eventId } = args;
  if (!form) return { kind: 'show', status: 400, errors: {}, notice: { key: 'error.title' } };
  const action = formText(form, 'action');
  const forbidden = { kind: 'show', status: 403, errors: {}, notice: { key: 'manage.error.forbidden' } } as const;
  const missing = { kind: 'show', status: 404, errors: {}, notice: { key: 'notFound.title' } } as const;
  if (action === 'add-task') {
    const fields = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
    const parsed = parseTask(fields);
    if (!parsed.ok) return { kind: 'show', status: 422, errors: parsed.errors, values: fields };
    const out = await addTask(db, actor, eventId, parsed.value);
    if (out.kind === 'forbidden') return forbidden;
    if (out.kind !== 'added') return missing;
    return { kind: 'redirect', location: `${args.pagePath}?saved=task` };
  }
  const id = formText(form, action === 'remove-task' ? 'task' : 'offer');
  if (!UUID.test(id)) return missing;
  if (action === 'remove-task') {
    const out = await removeTask(db, actor, eventId, id);
    if (out.kind === 'forbidden') return forbidden;
    if (out.kind === 'has-helpers') return { kind: 'show', status: 409, errors: {}, notice: { key: 'helpers.manage.hasHelpers' } };
    if (out.kind !== 'removed') return missing;
    return { kind: 'redirect', location: `${args.pagePath}?saved=removed` };
  }
  if (action === 'confirm' || action === 'decline') {
    const out = await decideOffer(db, actor, eventId, id, action);
    if (out.kind === 'forbidden') return forbidden;
    if (out.kind === 'not-found') return missing;
    if (out.kind === 'full') return { kind: 'show', status: 409, errors: {}, notice: { key: 'helpers.manage.full' } };
    return { kind: 'redirect', location: `${args.pagePath}?saved=${action}` };
  }
  if (action === 'hours') {
    const raw = formText(form, 'hours').replace(',', '.');
    const hours = raw === '' ? null : /^\d{1,2}(\.\d{1,2})?$/.test(raw) ? Number(raw) : Number.NaN;
    if (hours !== null && !(hours >= 0 && hours * 60 <= MINUTES_MAX))
      return { kind: 'show', status: 422, errors: { hours: { key: 'helpers.error.hours' } }, notice: { key: 'helpers.error.hours' } };
    const out = await setHours(db, actor, eventId, id, hours === null ? null : Math.round(hours * 60));
    if (out.kind === 'forbidden') return forbidden;
    if (out.kind === 'not-found') return missing;
    if (out.kind !== 'saved') return { kind: 'show', status: 409, errors: {}, notice: { key: 'helpers.manage.hoursNotYet' } };
    return { kind: 'redirect', location: `${args.pagePath}?saved=hours` };
  }
  return { kind: 'show', status: 400, errors: {}, notice: { key: 'error.title' } };
}
