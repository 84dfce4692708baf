import { z } from 'zod';
import { formTranslated, translatedSchema } from '#features/admin/form-fields.ts';
import { formText } from '#lib/forms.ts';
import { topicIcons } from '#lib/pictograms.ts';
import { SLUG_MAX, slugSchema } from '#lib/slug.ts';

export const categorySchema = z.object({
  slug: slugSchema(SLUG_MAX),
  name: translatedSchema(80, true),
  // The order of the listing's category filter; a few dozen categories at most.
  position: z.coerce.number().int().min(0).max(999),
  // A pictogram from the fixed set, or none.
  icon: z.enum(topicIcons).nullable(),
});
export type CategoryInput = z.infer<typeof categorySchema>;

export function categoryFromForm(form: FormData) {
  return categorySchema.safeParse({
    slug: formText(form, 'slug'),
    name: formTranslated(form, 'name'),
    position: formText(form, 'position') || '0',
    icon: formText(form, 'icon') || null,
  });
}
