import { z } from 'zod';
import { roles } from '#db/schema/users.ts';
import { UUID } from '#features/http/json.ts';
import { formText } from '#lib/forms.ts';
import { uiLanguages, type Lang } from '#i18n/languages.ts';

export const userPatchSchema = z.object({
  name: z.string().max(80),
  role: z.enum(roles),
  groups: z.array(z.string().regex(UUID)).max(100),
  // The languages the person translates, ticked from a list (decision 023).
  languages: z.array(z.enum(uiLanguages)).max(uiLanguages.length).optional(),
  disabled: z.boolean(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

/**
 * The roles from the one that may do least to the coordinator's: the forms list them in this
 * order and a new person starts at the first (decision 029), so no one is made a coordinator by
 * leaving the choice alone.
 */
export const rolesByPower = ['translator', 'partner', 'leader', 'admin'] as const satisfies readonly (typeof roles)[number][];
export const LEAST_ROLE = rolesByPower[0];

export const newPersonSchema = z.object({
  email: z.string().max(254),
  name: z.string().max(80),
  role: z.enum(roles),
  groups: z.array(z.string().regex(UUID)).max(100),
  languages: z.array(z.enum(uiLanguages)).max(uiLanguages.length),
});

/** The coordinator's "add person" form: groups ticked from the hub's list, by id. */
export function newPersonFromForm(form: FormData) {
  return newPersonSchema.safeParse({
    email: formText(form, 'email'),
    name: formText(form, 'name').slice(0, 80),
    role: formText(form, 'role'),
    groups: form.getAll('groups').filter((v) => typeof v === 'string' && v !== ''),
    languages: languagesFromForm(form),
  });
}

export function userPatchFromForm(form: FormData) {
  return userPatchSchema.safeParse({
    name: formText(form, 'name'),
    role: formText(form, 'role'),
    groups: form.getAll('groups').filter((v) => typeof v === 'string'),
    languages: form.getAll('languages').filter((v) => typeof v === 'string'),
    disabled: form.get('disabled') === 'yes',
  });
}

// A label that says where a token is used ("Parish website"), not a secret.
export const TOKEN_NAME_MAX = 80;

/** The languages ticked on a form (unknown values dropped), in the list's order, once each. */
export function languagesFromForm(form: FormData): Lang[] {
  const ticked = new Set(form.getAll('languages'));
  return uiLanguages.filter((l) => ticked.has(l));
}
