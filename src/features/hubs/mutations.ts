import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import type { PrivacySettings, ReminderSettings, SmsSettings } from './schema.ts';

/** The hub's default reminders; an event may set its own (docs/decisions/008). */
export async function saveReminderSettings(
  db: Db,
  actor: Actor,
  args: { hubId: string; settings: ReminderSettings },
): Promise<{ kind: 'saved' } | { kind: 'forbidden' }> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    await tx.update(hubs).set(args.settings).where(eq(hubs.id, args.hubId));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'hub.reminders',
      entity: 'hub',
      entityId: args.hubId,
      details: args.settings,
    });
    return { kind: 'saved' } as const;
  });
}

/** Retention and the controller named on the privacy page (decision 025). */
export async function savePrivacySettings(
  db: Db,
  actor: Actor,
  args: { hubId: string; settings: PrivacySettings },
): Promise<{ kind: 'saved' } | { kind: 'forbidden' }> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    await tx.update(hubs).set(args.settings).where(eq(hubs.id, args.hubId));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'hub.privacy',
      entity: 'hub',
      entityId: args.hubId,
      details: { retentionDays: args.settings.retentionDays },
    });
    return { kind: 'saved' } as const;
  });
}

/** Whether the hub sends text messages, and its monthly cap (decision 021). */
export async function saveSmsSettings(
  db: Db,
  actor: Actor,
  args: { hubId: string; settings: SmsSettings },
): Promise<{ kind: 'saved' } | { kind: 'forbidden' }> {
  if (!can(actor, 'hub:admin', { hubId: args.hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    await tx.update(hubs).set(args.settings).where(eq(hubs.id, args.hubId));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'hub.sms',
      entity: 'hub',
      entityId: args.hubId,
      details: args.settings,
    });
    return { kind: 'saved' } as const;
  });
}
