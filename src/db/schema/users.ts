import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { oneOf, roles } from './enums.ts';
import { groups } from './groups.ts';
import { hubs } from './hubs.ts';
import { uiLanguages } from '#i18n/languages.ts';

export { roles, type Role } from './enums.ts';

/**
 * Staff, volunteer advisors and partner organisations. Residents never need an account. An
 * address is unique within a hub: one person may work for two hubs with two accounts
 * (decision 018).
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    role: text('role', { enum: roles }).notNull(),
    // argon2id; null for those who sign in with emailed links only.
    passwordHash: text('password_hash'),
    language: text('language').notNull().default('fi'),
    // The content languages this person translates (decision 023): a translator may write only
    // these; for leaders and coordinators they only choose which queues the page opens first.
    translates: text('translates').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    unique('users_hub_email').on(t.hubId, t.email),
    unique('users_hub_id').on(t.hubId, t.id),
    check('users_role', oneOf(t.role, roles)),
    check('users_translates', sql`${t.translates} <@ ${sql.raw(`ARRAY[${uiLanguages.map((l) => `'${l}'`).join(', ')}]::text[]`)}`),
    check('users_email', sql`${t.email} = lower(${t.email}) AND char_length(${t.email}) <= 254`),
  ],
);

/** Which groups a leader or partner runs: a person and a group of the same hub. */
export const groupMembers = pgTable(
  'group_members',
  {
    hubId: uuid('hub_id').notNull(),
    userId: uuid('user_id').notNull(),
    groupId: uuid('group_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.groupId] }),
    index('group_members_group').on(t.groupId),
    foreignKey({ name: 'group_members_user_in_hub', columns: [t.hubId, t.userId], foreignColumns: [users.hubId, users.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'group_members_group_in_hub', columns: [t.hubId, t.groupId], foreignColumns: [groups.hubId, groups.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Sessions as in Lucia's guide: the cookie holds `id.secret`; only SHA-256 of the secret is kept. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }).notNull().defaultNow(),
    // How the person proved who they are: a fresh link session may set a password without the old one.
    signedInWith: text('signed_in_with', { enum: ['password', 'link'] })
      .notNull()
      .default('password'),
  },
  (t) => [index('sessions_user').on(t.userId), check('sessions_signed_in_with', sql`${t.signedInWith} IN ('password', 'link')`)],
);

/** One-time sign-in links: valid 15 minutes, used once. */
export const loginLinks = pgTable(
  'login_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('login_links_user').on(t.userId)],
);

/** API tokens (Authorization: Bearer), shown once and stored as a hash. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

/** Every change a leader or admin makes: who, what, when, and in which hub (its admins read it). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubId: uuid('hub_id')
      .notNull()
      .references(() => hubs.id),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_hub_at').on(t.hubId, t.at), index('audit_log_entity').on(t.entity, t.entityId)],
);
