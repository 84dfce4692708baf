import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/users.ts';

/** Writes who changed what; call it in the transaction of the change. */
export async function recordChange(
  tx: Db,
  entry: { userId: string | null; action: string; entity: string; entityId?: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}

/** The same for many rows changed by one act (one statement). */
export async function recordChanges(
  tx: Db,
  entries: { userId: string | null; action: string; entity: string; entityId?: string; details?: Record<string, unknown> }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(entries.map((e) => ({ ...e, details: e.details ?? {} })));
}
