import { z } from 'zod';
import { formText } from '#lib/forms.ts';

// Up to two weeks ahead; 0 turns the "hours before" reminder off (the column's CHECK agrees).
export const REMINDER_HOURS_MAX = 336;

export const reminderSettingsSchema = z.object({
  // Digits only: an empty field must not quietly become 0 (reminders off).
  reminderHours: z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().max(REMINDER_HOURS_MAX)),
  morningReminder: z.boolean(),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

export function reminderSettingsFromForm(form: FormData) {
  return reminderSettingsSchema.safeParse({
    reminderHours: formText(form, 'reminderHours'),
    morningReminder: form.get('morningReminder') === 'yes',
  });
}
