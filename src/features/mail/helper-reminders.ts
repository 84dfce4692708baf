import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers, helperTasks } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { taskLabel } from '#features/helpers/labels.ts';
import { issueHelperLink } from '#features/helpers/links.ts';
import { isLang } from '#i18n/languages.ts';
import { queuedKeys, reachOf } from './outbox.ts';
import { dueReminderKinds, reminderTimingColumns, remindableEvents } from './reminders.ts';

/**
 * Queues the reminders of confirmed helpers that have come due: the same times as the
 * attendees' (the event's or else the hub's hours before, and the morning of the day), keyed by
 * offer, kind and event version so that each goes once, and a moved event's go again at its new
 * time (decision 031). A helper confirmed after a reminder's time gets none: the confirmation
 * is enough. A decoy is never confirmed, so never reminded.
 */
export async function scheduleHelperReminders(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .select({
      offer: helperOffers,
      task: helperTasks,
      ...reminderTimingColumns,
    })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .innerJoin(events, eq(events.id, helperTasks.eventId))
    .innerJoin(hubs, eq(hubs.id, events.hubId))
    .where(
      and(
        eq(helperOffers.status, 'confirmed'),
        eq(helperOffers.decoy, false),
        isNull(helperOffers.anonymizedAt),
        isNotNull(helperOffers.reach),
        remindableEvents(now),
      ),
    );
  const due = candidates.flatMap((c) =>
    dueReminderKinds(c, now, c.offer.decidedAt ?? c.offer.createdAt).map((kind) => ({
      c,
      dedupeKey: `helper-reminder:${c.offer.id}:${kind}:${c.sequence}`,
    })),
  );
  if (due.length === 0) return 0;
  const known = await queuedKeys(
    db,
    due.map((d) => d.dedupeKey),
  );
  let queued = 0;
  for (const { c, dedupeKey } of due.filter((d) => !known.has(d.dedupeKey))) {
    const reach = reachOf(c.offer);
    if (!reach) continue;
    const language = c.offer.language;
    const added = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(outbox)
        .values({
          kind: 'helper-reminder',
          hubId: c.hubId,
          ...reach,
          language,
          eventId: c.eventId,
          runAfter: now,
          dedupeKey,
          payload: { sequence: c.sequence, offerId: c.offer.id },
        })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      if (!row) return false;
      // The link is made only once the row is surely this round's, as for attendees' reminders.
      const link = await issueHelperLink(tx as Db, c.offer.id, language);
      const payload = {
        sequence: c.sequence,
        offerId: c.offer.id,
        task: taskLabel(c.task, isLang(language) ? language : 'fi'),
        name: c.offer.name,
        manageUrl: link.url,
      };
      await tx.update(outbox).set({ payload }).where(eq(outbox.id, row.id));
      return true;
    });
    if (added) queued += 1;
  }
  return queued;
}
