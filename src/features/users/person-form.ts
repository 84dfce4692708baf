import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import { invalidFields } from '#features/admin/form-fields.ts';
import { addUser, issueApiToken, revokeUserApiToken, updateUser } from './mutations.ts';
import { newPersonFromForm, TOKEN_NAME_MAX, userPatchFromForm } from './schema.ts';
import { formText } from '#lib/forms.ts';

export type PersonFormResult =
  | { kind: 'saved' }
  | { kind: 'token'; token: string }
  | { kind: 'forbidden' }
  | { kind: 'show'; invalid: Record<string, true>; problem: 'self' | 'disabled' | 'unreadable' | null };

/** The coordinator's page of one person: save the account, make an API token, or revoke one. */
export async function submitPersonForm(
  db: Db,
  actor: Actor,
  args: { hubId: string; userId: string; form: FormData | null },
): Promise<PersonFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', invalid: {}, problem: 'unreadable' };
  const { hubId, userId } = args;
  const action = formText(form, 'action');
  if (action === 'token') {
    const outcome = await issueApiToken(db, actor, { hubId, userId, name: formText(form, 'tokenName').slice(0, TOKEN_NAME_MAX) });
    if (outcome.kind === 'forbidden') return outcome;
    return outcome.kind === 'created' ? { kind: 'token', token: outcome.token } : { kind: 'show', invalid: {}, problem: 'disabled' };
  }
  if (action === 'revoke') {
    await revokeUserApiToken(db, actor, { hubId, userId, tokenHash: formText(form, 'token') });
    return { kind: 'saved' };
  }
  const parsed = userPatchFromForm(form);
  if (!parsed.success) return { kind: 'show', invalid: invalidFields(parsed.error), problem: null };
  const outcome = await updateUser(db, actor, { hubId, userId, patch: parsed.data });
  if (outcome.kind === 'saved' || outcome.kind === 'forbidden') return outcome;
  if (outcome.kind === 'unknown-group') return { kind: 'show', invalid: { groups: true }, problem: null };
  return { kind: 'show', invalid: {}, problem: outcome.kind === 'self' ? 'self' : null };
}

export type AddPersonResult =
  | { kind: 'saved' }
  | { kind: 'forbidden' }
  | { kind: 'show'; problem: 'email' | 'role' | 'groups' | 'unreadable' };

/** The coordinator's "add person" form: email, name, role, groups ticked from the hub's list. */
export async function submitAddPersonForm(db: Db, actor: Actor, args: { hubId: string; form: FormData | null }): Promise<AddPersonResult> {
  if (!args.form) return { kind: 'show', problem: 'unreadable' };
  const parsed = newPersonFromForm(args.form);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    return { kind: 'show', problem: fields.has('role') ? 'role' : fields.has('groups') ? 'groups' : 'email' };
  }
  const { email, name, role, groups, languages } = parsed.data;
  const outcome = await addUser(db, actor, { hubId: args.hubId, email, name, role, groupIds: groups, languages });
  if (outcome.kind === 'forbidden') return outcome;
  if (outcome.kind === 'added' || outcome.kind === 'updated') return { kind: 'saved' };
  return { kind: 'show', problem: outcome.kind === 'unknown-group' ? 'groups' : 'email' };
}
