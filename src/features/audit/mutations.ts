import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/users.ts';

/** Writes who changed what; call it in the transaction of the change. */
export async function recordChange(
  tx: Db,
  entry: { userId: string | null; action: string; entity: string; entityId?: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
