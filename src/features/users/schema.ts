import { z } from 'zod';
import { roles } from '#db/schema/users.ts';
import { UUID } from '#features/http/json.ts';
import { formText } from '#lib/forms.ts';

export const userPatchSchema = z.object({
  name: z.string().max(80),
  role: z.enum(roles),
  groups: z.array(z.string().regex(UUID)).max(100),
  disabled: z.boolean(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export function userPatchFromForm(form: FormData) {
  return userPatchSchema.safeParse({
    name: formText(form, 'name'),
    role: formText(form, 'role'),
    groups: form.getAll('groups').filter((v) => typeof v === 'string'),
    disabled: form.get('disabled') === 'yes',
  });
}

// A label that says where a token is used ("Parish website"), not a secret.
export const TOKEN_NAME_MAX = 80;
