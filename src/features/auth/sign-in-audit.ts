import type { Db } from '#db/client.ts';
import { recordChange } from '#features/audit/mutations.ts';

export type SignInOutcome = 'success' | 'failure' | 'refused';

/**
 * One audit row per sign-in attempt: who (the account's id, when there is an account) and how
 * it went. Never the email address typed or the visitor's address: the log outlives both.
 */
export async function recordSignIn(
  db: Db,
  entry: { userId: string | null; method: 'password' | 'link'; outcome: SignInOutcome },
): Promise<void> {
  await recordChange(db, {
    userId: entry.userId,
    action: `sign-in.${entry.outcome}`,
    entity: 'user',
    ...(entry.userId ? { entityId: entry.userId } : {}),
    details: { method: entry.method },
  });
}
