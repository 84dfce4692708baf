import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { eventQuestions, type QuestionOption } from '#db/schema/questions.ts';
import { signups } from '#db/schema/signups.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { lockEvent } from '#features/seats/lock.ts';
import { listQuestions } from './queries.ts';
import type { QuestionInput } from './schema.ts';

export type QuestionOutcome =
  | { kind: 'ok'; questionId: string }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'invalid'; errors: Record<string, string> };

const newOptionId = () => randomBytes(6).toString('hex');

/** Has any sign-up answered this question (with this option, when given)? */
async function answered(tx: Db, eventId: string, questionId: string, optionId?: string): Promise<boolean> {
  const answer = sql`${signups.answers} -> ${questionId}::text`;
  const [row] = await tx
    .select({ id: signups.id })
    .from(signups)
    .where(
      and(
        eq(signups.eventId, eventId),
        optionId === undefined ? sql`${answer} IS NOT NULL` : sql`${answer} @> to_jsonb(${optionId}::text)`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Runs a change to an event's questions under the event's lock, after the policy's yes, and
 * writes it to the audit log like any other edit of the event.
 */
async function withEvent(
  db: Db,
  actor: Actor,
  eventId: string,
  change: (tx: Db) => Promise<QuestionOutcome>,
  details: (outcome: Extract<QuestionOutcome, { kind: 'ok' }>) => Record<string, unknown>,
): Promise<QuestionOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'event:edit', event)) return { kind: 'forbidden' } as const;
    const outcome = await change(tx as Db);
    if (outcome.kind === 'ok')
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: 'event.questions',
        entity: 'event',
        entityId: eventId,
        details: details(outcome),
      });
    return outcome;
  });
}

/**
 * Adds a question (no `questionId`) or changes one. Option ids stay as they are, so answers keep
 * their meaning; an option someone chose is marked removed instead of dropped; the kind of an
 * answered question stays.
 */
export async function saveQuestion(
  db: Db,
  actor: Actor,
  eventId: string,
  questionId: string | null,
  input: QuestionInput,
): Promise<QuestionOutcome> {
  return withEvent(
    db,
    actor,
    eventId,
    async (tx): Promise<QuestionOutcome> => {
      const existing = await listQuestions(tx, eventId);
      const stored = questionId ? existing.find((q) => q.id === questionId) : undefined;
      if (questionId && !stored) return { kind: 'not-found' } as const;
      if (stored && stored.kind !== input.kind && (await answered(tx, eventId, stored.id)))
        return { kind: 'invalid', errors: { kind: 'answered' } } as const;
      const hasOptions = input.kind === 'choice' || input.kind === 'multi';
      const options: QuestionOption[] = [];
      if (hasOptions) {
        const given = new Map(input.options.filter((o) => o.id).map((o) => [o.id!, o]));
        for (const old of stored?.options ?? []) {
          const change = given.get(old.id);
          const label = change && Object.keys(change.label).length ? change.label : old.label;
          if (change?.remove) {
            if (stored && (await answered(tx, eventId, stored.id, old.id))) options.push({ id: old.id, label, removed: true });
            continue;
          }
          // Given again without "remove": back on the form (a removed one too).
          options.push(change ? { id: old.id, label } : old);
        }
        for (const o of input.options)
          if (!o.id && !o.remove && Object.keys(o.label).length) options.push({ id: newOptionId(), label: o.label });
        if (options.filter((o) => !o.removed).length < 2) return { kind: 'invalid', errors: { options: 'at least two options' } } as const;
      }
      if (stored) {
        await tx
          .update(eventQuestions)
          .set({ kind: input.kind, required: input.required, label: input.label, options: hasOptions ? options : stored.options })
          .where(eq(eventQuestions.id, stored.id));
        return { kind: 'ok', questionId: stored.id } as const;
      }
      const position = existing.reduce((max, q) => Math.max(max, q.position + 1), 0);
      const [made] = await tx
        .insert(eventQuestions)
        .values({ eventId, position, kind: input.kind, required: input.required, label: input.label, options })
        .returning({ id: eventQuestions.id });
      return { kind: 'ok', questionId: made!.id } as const;
    },
    (o) => ({ question: o.questionId, change: questionId ? 'edit' : 'add' }),
  );
}

/** Moves a question one place up or down the form. */
export async function moveQuestion(
  db: Db,
  actor: Actor,
  eventId: string,
  questionId: string,
  direction: 'up' | 'down',
): Promise<QuestionOutcome> {
  return withEvent(
    db,
    actor,
    eventId,
    async (tx): Promise<QuestionOutcome> => {
      const order = (await listQuestions(tx, eventId)).map((q) => q.id);
      const at = order.indexOf(questionId);
      if (at === -1) return { kind: 'not-found' } as const;
      const to = direction === 'up' ? at - 1 : at + 1;
      if (to >= 0 && to < order.length) [order[at], order[to]] = [order[to]!, order[at]!];
      for (const [position, id] of order.entries()) await tx.update(eventQuestions).set({ position }).where(eq(eventQuestions.id, id));
      return { kind: 'ok', questionId } as const;
    },
    () => ({ question: questionId, change: `move-${direction}` }),
  );
}

/** Deletes a question nobody has answered; an answered one stays (its answers are the sign-ups'). */
export async function deleteQuestion(db: Db, actor: Actor, eventId: string, questionId: string): Promise<QuestionOutcome> {
  return withEvent(
    db,
    actor,
    eventId,
    async (tx): Promise<QuestionOutcome> => {
      const [q] = await tx
        .select({ id: eventQuestions.id })
        .from(eventQuestions)
        .where(and(eq(eventQuestions.id, questionId), eq(eventQuestions.eventId, eventId)));
      if (!q) return { kind: 'not-found' } as const;
      if (await answered(tx, eventId, questionId)) return { kind: 'invalid', errors: { delete: 'answered' } } as const;
      await tx.delete(eventQuestions).where(eq(eventQuestions.id, questionId));
      return { kind: 'ok', questionId } as const;
    },
    () => ({ question: questionId, change: 'delete' }),
  );
}
