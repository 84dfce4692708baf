import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import type { HubPageSettings, PrivacySettings, ReminderSettings, SmsSettings } from './schema.ts';

type Saved = { kind: 'saved' } | { kind: 'forbidden' };

/** One of the coordinator's hub settings forms: the change and its entry in the change log. */
async function saveHubSettings(
  db: Db,
  actor: Actor,
  hubId: string,
  set: Partial<typeof hubs.$inferInsert>,
  logged: { action: string; details: Record<string, unknown> },
): Promise<Saved> {
  if (!can(actor, 'hub:admin', { hubId, groupId: null })) return { kind: 'forbidden' };
  return db.transaction(async (tx) => {
    await tx.update(hubs).set(set).where(eq(hubs.id, hubId));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: logged.action,
      entity: 'hub',
      entityId: hubId,
      details: logged.details,
    });
    return { kind: 'saved' } as const;
  });
}

/** The hub's default reminders; an event may set its own (docs/decisions/008). */
export function saveReminderSettings(db: Db, actor: Actor, args: { hubId: string; settings: ReminderSettings }): Promise<Saved> {
  return saveHubSettings(db, actor, args.hubId, args.settings, { action: 'hub.reminders', details: args.settings });
}

/** Retention and the controller named on the privacy page (decision 025). */
export function savePrivacySettings(db: Db, actor: Actor, args: { hubId: string; settings: PrivacySettings }): Promise<Saved> {
  return saveHubSettings(db, actor, args.hubId, args.settings, {
    action: 'hub.privacy',
    details: { retentionDays: args.settings.retentionDays },
  });
}

/** Whether the hub sends text messages, and its monthly cap (decision 021). */
export function saveSmsSettings(db: Db, actor: Actor, args: { hubId: string; settings: SmsSettings }): Promise<Saved> {
  return saveHubSettings(db, actor, args.hubId, args.settings, { action: 'hub.sms', details: args.settings });
}

/** The hub's own page: what it is, where, when open, how to reach it (the about page). */
export function saveHubPage(db: Db, actor: Actor, args: { hubId: string; settings: HubPageSettings }): Promise<Saved> {
  return saveHubSettings(db, actor, args.hubId, args.settings, {
    action: 'hub.page',
    details: {},
  });
}
