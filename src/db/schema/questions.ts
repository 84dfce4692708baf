import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.ts';
import { oneOf, questionKinds } from './enums.ts';
import { translated, type Translated } from './translated.ts';

export { questionKinds, type QuestionKind } from './enums.ts';
export interface QuestionOption {
  /** Stable across edits: sign-ups' answers store it. */
  id: string;
  label: Translated;
  /** Taken off the form after people chose it; kept so their answers still read (decision 022). */
  removed?: boolean;
}

/** An event's own question on the sign-up form (diet, child care…). */
export const eventQuestions = pgTable(
  'event_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    kind: text('kind', { enum: questionKinds }).notNull(),
    required: boolean('required').notNull().default(false),
    label: translated('label'),
    options: jsonb('options').$type<QuestionOption[]>().notNull().default([]),
  },
  (t) => [index('event_questions_event').on(t.eventId, t.position), check('event_questions_kind', oneOf(t.kind, questionKinds))],
);
