import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { translated, type Translated } from './translated.ts';

export const questionKinds = ['text', 'choice', 'multi', 'yesno'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export interface QuestionOption { id: string; label: Translated }

/** An event's own question on the sign-up form (diet, child care…). */
export const eventQuestions = pgTable(
  'event_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    kind: text('kind', { enum: questionKinds }).notNull(),
    required: boolean('required').notNull().default(false),
    label: translated('label'),
    options: jsonb('options').$type<QuestionOption[]>().notNull().default([]),
  },
  (t) => [
    index('event_questions_event').on(t.eventId, t.position),
    check('event_questions_kind', sql`${t.kind} IN ('text', 'choice', 'multi', 'yesno')`),
  ],
);
