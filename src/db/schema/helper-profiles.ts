import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  allOf,
  helperSkills,
  helperSlots,
  invitationAnswers,
  oneOf,
  type HelperSkill,
  type HelperSlot,
  type InvitationAnswer,
} from './enums.ts';
import { helperOffers, helperTasks } from './helpers.ts';
import { hubs } from './hubs.ts';
import { users } from './users.ts';

export { helperSkills, helperSlots, type HelperSkill, type HelperSlot } from './enums.ts';

/**
 * A helper's profile (decision 032): no password, reached by links sent to `reach` (the email,
 * or else the phone). One per hub and reach. Leaders find it by language, skill and free time,
 * never by its contact. `last_active_at` drives retention: unused for the hub's days, it goes.
 */
export const helperProfiles = pgTable(
  'helper_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    reach: text('reach').notNull(),
    // The UI language their messages are written in.
    language: text('language').notNull(),
    // Languages they speak (ISO 639 codes).
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    skills: text('skills').array().$type<HelperSkill[]>().notNull().default(sql`'{}'::text[]`),
    note: text('note').notNull().default(''),
    free: text('free').array().$type<HelperSlot[]>().notNull().default(sql`'{}'::text[]`),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('helper_profiles_hub_reach').on(t.hubId, t.reach),
    index('helper_profiles_hub_active').on(t.hubId, t.lastActiveAt),
    check('helper_profiles_name', sql`char_length(${t.name}) BETWEEN 1 AND 80`),
    check('helper_profiles_reach', sql`${t.reach} = coalesce(${t.email}, ${t.phone})`),
    check('helper_profiles_email', sql`${t.email} IS NULL OR (char_length(${t.email}) <= 254 AND ${t.email} = lower(${t.email}))`),
    check('helper_profiles_phone', sql`${t.phone} IS NULL OR ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check(
      'helper_profiles_languages',
      sql`cardinality(${t.languages}) <= 20 AND array_to_string(${t.languages}, ',') ~ '^([a-z]{2,3}(,[a-z]{2,3})*)?$'`,
    ),
    check('helper_profiles_skills', allOf(t.skills, helperSkills)),
    check('helper_profiles_free', allOf(t.free, helperSlots)),
    check('helper_profiles_note', sql`char_length(${t.note}) <= 200`),
  ],
);

/**
 * Links to a profile, sent to a contact that asked for one. They prove the contact, not a
 * profile: the first save makes the profile. Only the SHA-256 of the token is kept.
 */
export const helperProfileLinks = pgTable(
  'helper_profile_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    email: text('email'),
    phone: text('phone'),
    reach: text('reach').notNull(),
    language: text('language').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('helper_profile_links_reach').on(t.hubId, t.reach),
    check('helper_profile_links_reach', sql`${t.reach} = coalesce(${t.email}, ${t.phone})`),
  ],
);

/**
 * A leader's invitation of a profile to a task; its link (hashed) goes to the helper. Accepting
 * takes a place through the seats module (`offer_id` is the confirmed offer). One per profile
 * and task: inviting again sends nothing new. It ends when the event starts.
 */
export const helperInvitations = pgTable(
  'helper_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    profileId: uuid('profile_id')
      .notNull()
      .references(() => helperProfiles.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => helperTasks.id, { onDelete: 'cascade' }),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    answer: text('answer').$type<InvitationAnswer>(),
    offerId: uuid('offer_id').references(() => helperOffers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('helper_invitations_token').on(t.tokenHash),
    uniqueIndex('helper_invitations_profile_task').on(t.profileId, t.taskId),
    index('helper_invitations_task').on(t.taskId),
    check('helper_invitations_answer', sql`${t.answer} IS NULL OR ${oneOf(t.answer, invitationAnswers)}`),
    check('helper_invitations_answered', sql`(${t.answer} IS NULL) = (${t.answeredAt} IS NULL)`),
  ],
);
