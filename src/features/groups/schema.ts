import { z } from 'zod';
import { UUID } from '#features/http/json.ts';
import { formTranslated, translatedSchema } from '#features/admin/form-fields.ts';
import { formText } from '#lib/forms.ts';
import { SLUG_MAX, slugSchema } from '#lib/slug.ts';

const optionalSlug = z.union([z.literal('').transform(() => null), slugSchema(SLUG_MAX)]);

export const groupSchema = z.object({
  slug: slugSchema(SLUG_MAX),
  name: translatedSchema(120, true),
  summary: translatedSchema(300),
  description: translatedSchema(5_000),
  category: optionalSlug,
  place: optionalSlug,
  // The people who run the group: a coordinator picks them from the hub's accounts.
  leaders: z.array(z.string().regex(UUID)).max(100),
});
export type GroupInput = z.infer<typeof groupSchema>;

export function groupFromForm(form: FormData) {
  return groupSchema.safeParse({
    slug: formText(form, 'slug'),
    name: formTranslated(form, 'name'),
    summary: formTranslated(form, 'summary'),
    description: formTranslated(form, 'description'),
    category: formText(form, 'category'),
    place: formText(form, 'place'),
    leaders: form.getAll('leaders').filter((v) => typeof v === 'string'),
  });
}
