import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import { NAME_MAX, PARTY_MAX } from '#features/signups/schema.ts';
import { UUID } from '#features/http/json.ts';
import { isLang, uiLanguages } from '#i18n/languages.ts';
import { messageAttendees } from './messages.ts';
import { addWalkIn, markAttendance, promoteByHand, type CameMark } from './mutations.ts';

export type ListFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; message: MessageKey; vars?: Record<string, string | number> };

const count = (value: FormDataEntryValue | null, min: number) => {
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= min ? n : null;
};

// The domain function said no: the page answers 403 (or 404 for an event gone meanwhile).
const refused = (outcome: { kind: 'forbidden' | 'not-found' }): ListFormResult =>
  outcome.kind === 'forbidden'
    ? { kind: 'show', status: 403, message: 'manage.error.forbidden' }
    : { kind: 'show', status: 404, message: 'error.title' };

/** The forms of the attendee list: attendance, a walk-in, a move off the waiting list. */
export async function submitListForm(
  db: Db,
  args: { actor: Actor; eventId: string; form: FormData | null; pagePath: string; language: string },
): Promise<ListFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', status: 400, message: 'error.title' };
  const action = form.get('action');
  if (action === 'attendance') {
    // A ticked row came; `people_<id>` (parties of two or more) says how many of the party did.
    const came: CameMark[] = form
      .getAll('came')
      .filter((v): v is string => typeof v === 'string' && UUID.test(v))
      .map((id) => {
        const people = count(form.get(`people_${id}`), 0);
        return people === null ? id : { id, people };
      });
    const outcome = await markAttendance(db, args.actor, args.eventId, came);
    if (outcome.kind !== 'marked') return refused(outcome);
    return { kind: 'redirect', location: `${args.pagePath}?saved=attendance#result` };
  }
  if (action === 'walk-in') {
    // No name is needed: "1 adult, 2 children" is a walk-in too (decision 029).
    const name = String(form.get('name') ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, NAME_MAX);
    const adults = count(form.get('adults'), 0);
    const children = count(form.get('children'), 0) ?? 0;
    // A party has one adult at least and at most PARTY_MAX of each (the signups_party CHECK).
    if (adults === null || adults < 1 || adults > PARTY_MAX)
      return { kind: 'show', status: 422, message: 'signup.error.adults', vars: { max: PARTY_MAX } };
    if (children > PARTY_MAX) return { kind: 'show', status: 422, message: 'signup.error.children', vars: { max: PARTY_MAX } };
    const outcome = await addWalkIn(db, args.actor, args.eventId, { name, adults, children });
    if (outcome.kind === 'forbidden' || outcome.kind === 'not-found') return refused(outcome);
    if (outcome.kind === 'no-room') return { kind: 'show', status: 409, message: 'manage.list.noRoom' };
    return { kind: 'redirect', location: `${args.pagePath}?saved=walk-in&people=${adults + children}#result` };
  }
  if (action === 'promote' && UUID.test(String(form.get('signup') ?? ''))) {
    const outcome = await promoteByHand(db, args.actor, args.eventId, String(form.get('signup')));
    if (outcome.kind === 'forbidden') return refused(outcome);
    if (outcome.kind === 'promoted') return { kind: 'redirect', location: `${args.pagePath}?saved=promoted#result` };
    if (outcome.kind === 'no-room') return { kind: 'show', status: 409, message: 'manage.list.noRoom' };
    return { kind: 'show', status: 409, message: 'signup.manage.notFound' };
  }
  if (action === 'message') {
    const to = form.get('to');
    const audience = to === 'confirmed' || to === 'waitlisted' || to === 'all' ? to : null;
    // The language it is written in (the page's unless chosen), and one box per translation.
    const written = form.get('language');
    const language = isLang(written) ? written : isLang(args.language) ? args.language : 'fi';
    const translations = Object.fromEntries(uiLanguages.map((l) => [l, String(form.get(`text_${l}`) ?? '')]));
    const outcome = audience
      ? await messageAttendees(db, args.actor, args.eventId, audience, { language, text: String(form.get('text') ?? ''), translations })
      : { kind: 'empty' as const };
    if (outcome.kind === 'forbidden' || outcome.kind === 'not-found') return refused(outcome);
    if (outcome.kind === 'empty') return { kind: 'show', status: 422, message: 'manage.msg.empty' };
    return { kind: 'redirect', location: `${args.pagePath}?saved=message&sent=${outcome.emailed}&texted=${outcome.texted}#result` };
  }
  return { kind: 'show', status: 400, message: 'error.title' };
}
