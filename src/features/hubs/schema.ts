import { z } from 'zod';
import type { HoursException, WeeklyHours } from '#db/schema/hubs.ts';
import type { Translated } from '#db/schema/translated.ts';
import { formTranslated, translatedSchema } from '#features/admin/form-fields.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { normalizePhone, westernDigits } from '#lib/contact.ts';
import { formString, formText } from '#lib/forms.ts';
import { parseExceptions, wallTime } from './opening-hours.ts';

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
  // Empty = no cap; otherwise digits only (Arabic-Indic and Persian digits are read as such,
  // as in phone numbers: the same keyboards type them).
  smsMonthlyCap: z
    .string()
    .transform(westernDigits)
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

// The hub's own page (/{lang}/about): limits per field, the columns' CHECK agrees where there is one.
export const HUB_PAGE_TEXT_MAX = 4000;
export const HUB_ADDRESS_MAX = 300;
export const HUB_PHONE_MAX = 40;
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export interface HubPageSettings {
  pageSourceLang: Lang;
  about: Translated;
  directions: Translated;
  accessibilityInfo: Translated;
  aboutSelko: string;
  address: string;
  phone: string;
  openingHours: WeeklyHours;
  openingExceptions: HoursException[];
}
export type HubPageProblem = 'texts' | 'address' | 'phone' | 'hours' | 'exceptions';

/**
 * The coordinator's hub page form: the texts per language, the address and phone, a span per
 * weekday (`opens_1`/`closes_1` … both empty: closed), and the exceptions, one a line.
 */
export function hubPageFromForm(
  form: FormData,
): { ok: true; settings: HubPageSettings } | { ok: false; problems: Set<HubPageProblem>; badWeekdays: string[] } {
  const problems = new Set<HubPageProblem>();
  const texts = translatedSchema(HUB_PAGE_TEXT_MAX);
  const about = formTranslated(form, 'about');
  const directions = formTranslated(form, 'directions');
  const accessibilityInfo = formTranslated(form, 'accessibilityInfo');
  const aboutSelko = formText(form, 'aboutSelko');
  for (const t of [about, directions, accessibilityInfo]) if (!texts.safeParse(t).success) problems.add('texts');
  if (aboutSelko.length > HUB_PAGE_TEXT_MAX) problems.add('texts');
  const address = formText(form, 'address');
  if (address.length > HUB_ADDRESS_MAX) problems.add('address');
  const phone = westernDigits(formText(form, 'phone'));
  if (phone.length > HUB_PHONE_MAX || (phone !== '' && !/^\+?[\d\s()-]{5,}$/.test(phone))) problems.add('phone');
  const openingHours: WeeklyHours = {};
  const badWeekdays: string[] = [];
  for (const d of WEEKDAYS) {
    const opensText = formText(form, `opens_${d}`);
    const closesText = formText(form, `closes_${d}`);
    if (!opensText && !closesText) continue;
    const opens = wallTime(opensText);
    const closes = wallTime(closesText);
    if (!opens || !closes || opens === closes) badWeekdays.push(d);
    else openingHours[d] = { opens, closes };
  }
  if (badWeekdays.length) problems.add('hours');
  const parsed = parseExceptions(formString(form, 'exceptions'));
  if (!parsed.ok) problems.add('exceptions');
  const source = formText(form, 'sourceLang');
  if (problems.size || !parsed.ok) return { ok: false, problems, badWeekdays };
  return {
    ok: true,
    settings: {
      pageSourceLang: isLang(source) ? source : 'fi',
      about,
      directions,
      accessibilityInfo,
      aboutSelko,
      address,
      phone,
      openingHours,
      openingExceptions: parsed.exceptions,
    },
  };
}

/** The `tel:` address of the hub's phone as written on its page. */
export function telHref(phone: string): string {
  return `tel:${normalizePhone(phone) ?? phone.replace(/[^\d+]/g, '')}`;
}

/** OpenStreetMap's search for the hub's address: a link, no embedded map or script. */
export function mapHref(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address.replace(/\s+/g, ' '))}`;
}
