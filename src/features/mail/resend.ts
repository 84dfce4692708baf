import { and, eq, gte } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';
import { recordChanges } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { isValidDay, startOfHubDay } from '#features/events/hub-days.ts';
import { UUID } from '#features/http/json.ts';

export type ResendTarget = { kind: 'one'; id: string } | { kind: 'since'; since: Date };
export type ResendResult = { kind: 'resent'; count: number } | { kind: 'not-found' } | { kind: 'forbidden' };

/** The outbox page's two forms: one message (its id) or every failed one since a hub-local day. */
const resendForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('resend-one'), id: z.string().regex(UUID) }),
  z.object({ action: z.literal('resend-since'), since: z.string().refine(isValidDay) }),
]);

export function parseResendForm(form: FormData, timeZone: string): ResendTarget | { kind: 'bad-date' } | { kind: 'bad-id' } {
  const parsed = resendForm.safeParse(Object.fromEntries(form));
  if (parsed.success) {
    return parsed.data.action === 'resend-one'
      ? { kind: 'one', id: parsed.data.id.toLowerCase() }
      : { kind: 'since', since: startOfHubDay(parsed.data.since, timeZone) };
  }
  return form.get('action') === 'resend-since' ? { kind: 'bad-date' } : { kind: 'bad-id' };
}

/**
 * Queues failed emails again with a fresh set of attempts, for a hub's admin. A failed row
 * kept its payload and its `run_after` is when it failed, so "since" means "failed since".
 * Each message sent again gets an audit entry in the same transaction.
 */
export async function resendFailed(db: Db, actor: Actor, hubId: string, target: ResendTarget, now = new Date()): Promise<ResendResult> {
  if (!can(actor, 'hub:admin', { hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    const which = target.kind === 'one' ? eq(outbox.id, target.id) : gte(outbox.runAfter, target.since);
    const rows = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, runAfter: now, lockedUntil: null })
      .where(and(eq(outbox.status, 'failed'), which, eq(outbox.hubId, hubId)))
      .returning({ id: outbox.id, lastError: outbox.lastError });
    if (target.kind === 'one' && rows.length === 0) return { kind: 'not-found' } as const;
    const details = target.kind === 'since' ? { since: target.since.toISOString() } : {};
    await recordChanges(
      tx as Db,
      hubId,
      rows.map((r) => ({
        userId: actorUserId(actor),
        action: 'outbox.resend',
        entity: 'outbox',
        entityId: r.id,
        details,
      })),
    );
    return { kind: 'resent', count: rows.length } as const;
  });
}
