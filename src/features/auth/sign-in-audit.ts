import type { Db } from '#db/client.ts';
import { recordChange } from '#features/audit/mutations.ts';

export type SignInOutcome = 'success' | 'failure' | 'refused';

/**
 * One audit row per sign-in attempt: who (the account's id, when there is an account) and how
 * it went. Never the email address typed or the visitor's address: the log outlives both.
 */
export async function recordSignIn(
  db: Db,
  entry: { hubId: string; userId: string | null; method: 'password' | 'link'; outcome: SignInOutcome },
): Promise<void> {
  // The hub is given: an attempt on an address with no account names no one to take it from.
  await recordChange(db, {
    hubId: entry.hubId,
    userId: entry.userId,
    action: `sign-in.${entry.outcome}`,
    entity: 'user',
    ...(entry.userId ? { entityId: entry.userId } : {}),
    details: { method: entry.method },
  });
}
