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

// What a coordinator may set the hub's retention to (decision 025): at least a week after the
// event (follow-up messages, attendance), at most two years.
export const HUB_RETENTION_MIN = 7;
export const HUB_RETENTION_MAX = 730;

export const privacySettingsSchema = z.object({
  // Empty: the installation's RETENTION_DAYS.
  retentionDays: z.union([
    z.literal('').transform(() => null),
    z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .pipe(z.number().min(HUB_RETENTION_MIN).max(HUB_RETENTION_MAX)),
  ]),
  controllerName: z.string().max(200),
  controllerContact: z.string().max(500),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export function privacySettingsFromForm(form: FormData) {
  return privacySettingsSchema.safeParse({
    retentionDays: formText(form, 'retentionDays'),
    controllerName: formText(form, 'controllerName'),
    controllerContact: formText(form, 'controllerContact'),
  });
}

// A hub sending more than this many text messages a month is no longer a small hub's budget.
export const SMS_CAP_MAX = 100_000;

export const smsSettingsSchema = z.object({
  smsEnabled: z.boolean(),
  // Empty = no cap; otherwise digits only (Arabic-Indic and Persian digits are read as such).
  smsMonthlyCap: z
    .string()
    .transform((v) =>
      v
        .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
        .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)),
    )
    .pipe(
      z.union([
        z.literal('').transform(() => null),
        z
          .string()
          .regex(/^\d{1,6}$/)
          .transform(Number)
          .pipe(z.number().max(SMS_CAP_MAX)),
      ]),
    ),
});
export type SmsSettings = z.infer<typeof smsSettingsSchema>;

export function smsSettingsFromForm(form: FormData) {
  return smsSettingsSchema.safeParse({
    smsEnabled: form.get('smsEnabled') === 'yes',
    smsMonthlyCap: (formText(form, 'smsMonthlyCap') ?? '').trim(),
  });
}
