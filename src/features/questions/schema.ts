import { z } from 'zod';
import { questionKinds } from '#db/schema/questions.ts';
import { uiLanguages } from '#i18n/languages.ts';

export const QUESTION_LABEL_MAX = 200;
export const OPTION_LABEL_MAX = 120;
export const OPTIONS_MAX = 20;

const translated = (max: number) =>
  z
    .partialRecord(z.enum(uiLanguages), z.string().trim().max(max))
    .transform((v) => Object.fromEntries(Object.entries(v).filter(([, s]) => s)));

/**
 * One question as a leader writes it. An option with an `id` is a stored one (its id is kept, so
 * answers keep pointing at it); `remove` takes it off the form.
 */
export const questionInputSchema = z.strictObject({
  kind: z.enum(questionKinds),
  required: z.boolean(),
  label: translated(QUESTION_LABEL_MAX).refine((v) => Object.keys(v).length > 0, 'needs a label in at least one language'),
  options: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(/^[a-z0-9-]{1,40}$/)
          .optional(),
        label: translated(OPTION_LABEL_MAX),
        remove: z.boolean().optional(),
      }),
    )
    .max(OPTIONS_MAX),
});
export type QuestionInput = z.infer<typeof questionInputSchema>;
