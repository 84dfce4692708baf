import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DEFAULT_HUB_TIMEZONE } from '#config';
import { translated } from './translated.ts';

/** Opening hours, hub-local wall clock `HH:MM` (features/hubs/opening-hours.ts reads them). */
export interface Span {
  opens: string;
  closes: string;
}
/** ISO weekday ('1' = Monday … '7' = Sunday) → its span; a missing day is closed. */
export type WeeklyHours = Partial<Record<string, Span>>;
/** One day that differs from the week: closed all day (no span) or open for this span. */
export interface HoursException {
  day: string;
  span?: Span;
}

// Every place, group and event belongs to one hub, so one installation can later serve several.
export const hubs = pgTable(
  'hubs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    // Read through hubTimeZone() / the hub row; the zone named in config.ts is only a new hub's default.
    timezone: text('timezone').notNull().default(DEFAULT_HUB_TIMEZONE),
    // Reminder emails: this many hours before an event, and optionally at 08:00 on its day.
    reminderHours: integer('reminder_hours').notNull().default(24),
    morningReminder: boolean('morning_reminder').notNull().default(false),
    // Text messages cost money: the hub may turn them off, or stop at a number of messages a
    // month (hub-local calendar month; null = no cap). Decision 021.
    smsEnabled: boolean('sms_enabled').notNull().default(true),
    smsMonthlyCap: integer('sms_monthly_cap'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // Days after an event before its attendees' personal data goes; null: RETENTION_DAYS
    // (decision 025). The coordinator sets it within the limits of features/hubs/schema.ts.
    retentionDays: integer('retention_days'),
    // Who answers for the personal data (the controller), as the privacy page names them:
    // empty name means the hub's name.
    controllerName: text('controller_name').notNull().default(''),
    controllerContact: text('controller_contact').notNull().default(''),
    // The hub's own page (/{lang}/about): people's texts, written in one language first
    // (decision 022), and a plain-language Finnish ("selkokieli") version of the key points.
    pageSourceLang: text('page_source_lang').notNull().default('fi'),
    about: translated('about'),
    directions: translated('directions'),
    accessibilityInfo: translated('accessibility_info'),
    aboutSelko: text('about_selko').notNull().default(''),
    address: text('address').notNull().default(''),
    phone: text('phone').notNull().default(''),
    // Hub-local wall-clock hours (features/hubs/opening-hours.ts).
    openingHours: jsonb('opening_hours').$type<WeeklyHours>().notNull().default({}),
    openingExceptions: jsonb('opening_exceptions').$type<HoursException[]>().notNull().default([]),
  },
  (t) => [
    check('hubs_retention_days', sql`${t.retentionDays} IS NULL OR ${t.retentionDays} BETWEEN 1 AND 3650`),
    check('hubs_controller', sql`char_length(${t.controllerName}) <= 200 AND char_length(${t.controllerContact}) <= 500`),
    check('hubs_contact', sql`char_length(${t.address}) <= 300 AND char_length(${t.phone}) <= 40 AND char_length(${t.aboutSelko}) <= 4000`),
  ],
);
