import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hubs } from '../../db/schema/hubs.ts';
import { recordChange } from '../audit/mutations.ts';
import type { ReminderSettings } from './schema.ts';

/** The hub's default reminders; an event may set its own (docs/decisions/008). */
export async function saveReminderSettings(db: Db, args: { hubId: string; byUserId: string; settings: ReminderSettings }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(hubs).set(args.settings).where(eq(hubs.id, args.hubId));
    await recordChange(tx as Db, { userId: args.byUserId, action: 'hub.reminders', entity: 'hub', entityId: args.hubId, details: args.settings });
  });
}
