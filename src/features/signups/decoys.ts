import { and, count, eq, lte, max, ne, or, type SQL } from 'drizzle-orm';
import { typedColumns } from './party.ts';
import type { Db } from '#db/client.ts';
import type { events } from '#db/schema/events.ts';
import { signupDecoys } from '#db/schema/signup-decoys.ts';
import { signups } from '#db/schema/signups.ts';
import { enqueueMessage, reachOf } from '#features/mail/outbox.ts';
import { issueManageLink, manageUrl } from './links.ts';
import type { SignupInput } from './schema.ts';
import { hashToken, newToken } from '#lib/tokens.ts';

type EventRow = typeof events.$inferSelect;
export type Decoy = typeof signupDecoys.$inferSelect;

/** Live sign-ups of the event with the same email or phone: the owners of that contact. */
export async function ownersOfContact(tx: Db, eventId: string, input: Pick<SignupInput, 'email' | 'phone'>) {
  const same: SQL[] = [];
  if (input.email) same.push(eq(signups.email, input.email));
  if (input.phone) same.push(eq(signups.phone, input.phone));
  if (same.length === 0) return [];
  return tx
    .select({ id: signups.id, email: signups.email, phone: signups.phone, language: signups.language })
    .from(signups)
    .where(and(eq(signups.eventId, eventId), ne(signups.status, 'cancelled'), or(...same)));
}

/** Waiting-list place of a decoy: behind every real party that was waiting when it was made. */
export async function decoyPosition(db: Db, decoy: Pick<Decoy, 'eventId' | 'queueAfter' | 'status'>): Promise<number | null> {
  if (decoy.status !== 'waitlisted') return null;
  const [row] = await db
    .select({ n: count() })
    .from(signups)
    .where(and(eq(signups.eventId, decoy.eventId), eq(signups.status, 'waitlisted'), lte(signups.queueNo, decoy.queueAfter)));
  return Number(row?.n ?? 0) + 1;
}

/**
 * The answer to a repeated sign-up (decision 015): a decoy with what was typed and a link of its
 * own, answered like a new sign-up; the real sign-ups are not touched. Each owner with an email
 * is told at their own address, with their link; a typed email that is no owner's gets the
 * confirmation a new sign-up would have sent it. The caller holds the event row lock.
 */
export async function answerRepeat(
  tx: Db,
  event: EventRow,
  input: SignupInput,
  owners: { id: string; email: string | null; phone: string | null; language: string }[],
  status: 'confirmed' | 'waitlisted',
  seats: number,
  now: Date,
) {
  const token = newToken();
  const [last] = await tx
    .select({ q: max(signups.queueNo) })
    .from(signups)
    .where(eq(signups.eventId, event.id));
  const [decoy] = await tx
    .insert(signupDecoys)
    .values({
      eventId: event.id,
      tokenHash: hashToken(token),
      ...typedColumns(input),
      seats,
      status,
      queueAfter: Number(last?.q ?? 0),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  for (const owner of owners) {
    // A phone-only owner is told by text message (decision 021).
    const reach = reachOf(owner);
    if (!reach) continue;
    const link = await issueManageLink(tx, owner.id, owner.language);
    await enqueueMessage(tx, {
      kind: 'signup-link',
      ...reach,
      language: owner.language,
      signupId: owner.id,
      eventId: event.id,
      payload: { manageUrl: link.url },
    });
  }
  const position = await decoyPosition(tx, decoy!);
  if (input.email && !owners.some((o) => o.email === input.email)) {
    await enqueueMessage(tx, {
      kind: status === 'confirmed' ? 'signup-confirmed' : 'signup-waitlisted',
      recipient: input.email,
      language: input.language,
      eventId: event.id,
      payload: { manageUrl: manageUrl(input.language, token), ...(position ? { position } : {}), name: input.name },
    });
  }
  return { kind: 'repeat', status, decoyId: decoy!.id, token, position } as const;
}
