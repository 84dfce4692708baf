import { createHash } from 'node:crypto';
import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import type { FieldError, FieldErrors } from '#features/helpers/schema.ts';
import { UUID } from '#features/http/json.ts';
import { hitRateLimits, type Hit } from '#features/rate-limit/mutations.ts';
import { SIGNUPS_PER_ADDRESS } from '#features/signups/limits.ts';
import type { Lang } from '#i18n/languages.ts';
import { formText } from '#lib/forms.ts';
import { requestProfileLink, type ProfileAccess } from './links.ts';
import { deleteProfile, inviteHelper, saveProfile } from './mutations.ts';
import { profileOf } from './queries.ts';
import { parseContact, parseProfile, type RawProfile } from './schema.ts';

// Each link request sends an email or a paid text message to the contact typed: a few an hour
// is plenty for the person, and too few for anyone hoping to flood someone's phone.
export const PROFILE_LINKS_PER_CONTACT = { limit: 3, windowSeconds: 3600 };

const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
const list = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');

export type RequestFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; values: Record<string, string>; errors: FieldErrors; notice?: FieldError };

/** "Send me my profile link": the same answer whoever the contact belongs to (decision 032). */
export async function submitProfileRequest(
  db: Db,
  args: { hubId: string; lang: Lang; pagePath: string; form: FormData | null; ip: string },
): Promise<RequestFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', status: 400, values: {}, errors: {}, notice: { key: 'error.title' } };
  const done = `${args.pagePath}?sent=1`;
  if (formText(form, 'website')) return { kind: 'redirect', location: done };
  const values = { email: formText(form, 'email'), phone: formText(form, 'phone') };
  const parsed = parseContact(values);
  if (!parsed.ok) return { kind: 'show', status: 422, values, errors: parsed.errors };
  const hits: Hit[] = [{ key: `profile:ip:${hashed(args.ip)}`, rule: SIGNUPS_PER_ADDRESS }];
  const contact = parsed.value.email ?? parsed.value.phone!;
  hits.push({ key: `profile:contact:${hashed(contact)}`, rule: PROFILE_LINKS_PER_CONTACT });
  if (!(await hitRateLimits(db, hits)).allowed)
    return { kind: 'show', status: 429, values, errors: {}, notice: { key: 'signup.error.rateLimited' } };
  await requestProfileLink(db, args.hubId, parsed.value, args.lang);
  return { kind: 'redirect', location: done };
}

export type ProfileFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'download'; json: string }
  | { kind: 'show'; status: number; values: RawProfile; errors: FieldErrors; notice?: FieldError };

/** The profile form behind a link: save, download or delete. */
export async function submitProfileForm(
  db: Db,
  args: { access: ProfileAccess; lang: Lang; pagePath: string; form: FormData | null },
): Promise<ProfileFormResult> {
  const { form, access } = args;
  if (!form) return { kind: 'show', status: 400, values: {}, errors: {}, notice: { key: 'error.title' } };
  const action = formText(form, 'action');
  if (action === 'delete') {
    if (formText(form, 'confirm') !== 'yes')
      return { kind: 'show', status: 422, values: {}, errors: { confirm: { key: 'privacy.deleteNeedsCheck' } } };
    await deleteProfile(db, access);
    return { kind: 'redirect', location: `/${args.lang}/privacy?deleted=1` };
  }
  if (action === 'download') {
    const profile = await profileOf(db, access);
    const { id: _id, hubId: _hub, ...mine } = profile ?? { id: '', hubId: '' };
    return {
      kind: 'download',
      json: `${JSON.stringify({ contact: { email: access.email, phone: access.phone }, profile: profile ? mine : null }, null, 2)}\n`,
    };
  }
  const values: RawProfile = {
    name: formText(form, 'name'),
    note: formText(form, 'note'),
    consent: formText(form, 'consent'),
    language: formText(form, 'language'),
    languages: list(form, 'languages'),
    skills: list(form, 'skills'),
    free: list(form, 'free'),
  };
  const parsed = parseProfile(values, args.lang);
  if (!parsed.ok) return { kind: 'show', status: 422, values, errors: parsed.errors };
  await saveProfile(db, access, parsed.value);
  return { kind: 'redirect', location: `${args.pagePath}?saved=1` };
}

export type InviteFormResult = { kind: 'redirect'; location: string } | { kind: 'show'; status: number; notice: FieldError };

/** The leader's "invite to this task" button on the search page. */
export async function submitInviteForm(db: Db, args: { actor: Actor; form: FormData | null; backTo: string }): Promise<InviteFormResult> {
  const { form } = args;
  if (!form || formText(form, 'action') !== 'invite') return { kind: 'show', status: 400, notice: { key: 'error.title' } };
  const profileId = formText(form, 'profile');
  const taskId = formText(form, 'task');
  if (!UUID.test(profileId) || !UUID.test(taskId)) return { kind: 'show', status: 404, notice: { key: 'notFound.title' } };
  const out = await inviteHelper(db, args.actor, { profileId, taskId });
  if (out.kind === 'forbidden') return { kind: 'show', status: 403, notice: { key: 'manage.error.forbidden' } };
  if (out.kind === 'not-found') return { kind: 'show', status: 404, notice: { key: 'notFound.title' } };
  if (out.kind === 'full') return { kind: 'show', status: 409, notice: { key: 'helpers.manage.full' } };
  if (out.kind === 'closed') return { kind: 'show', status: 409, notice: { key: 'helpers.closed' } };
  const sep = args.backTo.includes('?') ? '&' : '?';
  return { kind: 'redirect', location: `${args.backTo}${sep}invited=${out.kind === 'invited' ? '1' : 'again'}` };
}
