import { z } from 'zod';
import { formTranslated, translatedSchema } from '#features/admin/form-fields.ts';
import { formText } from '#lib/forms.ts';
import { SLUG_MAX, slugSchema } from '#lib/slug.ts';

// Room for a long name in any language, and a paragraph on step-free access or directions.
const NAME_MAX = 120;
const NOTE_MAX = 1_000;

const coordinate = (limit: number) => z.union([z.literal('').transform(() => null), z.coerce.number().min(-limit).max(limit)]);

export const placeSchema = z.object({
  slug: slugSchema(SLUG_MAX),
  name: translatedSchema(NAME_MAX, true),
  streetAddress: z.string().max(200),
  postalCode: z.string().regex(/^[\w -]{0,12}$/),
  city: z.string().max(80),
  latitude: coordinate(90),
  longitude: coordinate(180),
  accessibility: translatedSchema(NOTE_MAX),
  directions: translatedSchema(NOTE_MAX),
});
export type PlaceInput = z.infer<typeof placeSchema>;

/** The coordinator's place form as the input the schema checks. */
export function placeFromForm(form: FormData) {
  return placeSchema.safeParse({
    slug: formText(form, 'slug'),
    name: formTranslated(form, 'name'),
    streetAddress: formText(form, 'streetAddress'),
    postalCode: formText(form, 'postalCode'),
    city: formText(form, 'city'),
    latitude: formText(form, 'latitude').replace(',', '.'),
    longitude: formText(form, 'longitude').replace(',', '.'),
    accessibility: formTranslated(form, 'accessibility'),
    directions: formTranslated(form, 'directions'),
  });
}
