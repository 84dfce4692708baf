import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { helperOffers, helperTasks } from '#db/schema/helpers.ts';
import { enqueueMessages, reachOf } from '#features/mail/outbox.ts';
import { isLang } from '#i18n/languages.ts';
import { taskLabel } from './labels.ts';
import { issueHelperLink } from './links.ts';

/**
 * Tells an event's helpers that it moved (confirmed helpers, each with a fresh link to their
 * offer, so that one who cannot come at the new time can withdraw) or was cancelled (confirmed
 * helpers and those whose offer is still waiting). Called in the transaction of the change,
 * wherever attendees are told (decision 031). Decoys are never told: their contact is a live
 * offer's, which is.
 */
export async function notifyHelpers(tx: Db, eventId: string, kind: 'helper-event-changed' | 'helper-event-cancelled'): Promise<number> {
  const rows = await tx
    .select({ offer: helperOffers, task: helperTasks })
    .from(helperOffers)
    .innerJoin(helperTasks, eq(helperTasks.id, helperOffers.taskId))
    .where(
      and(
        eq(helperTasks.eventId, eventId),
        eq(helperOffers.decoy, false),
        isNull(helperOffers.anonymizedAt),
        isNotNull(helperOffers.reach),
        inArray(helperOffers.status, kind === 'helper-event-cancelled' ? ['confirmed', 'offered'] : ['confirmed']),
      ),
    );
  const messages = [];
  for (const { offer, task } of rows) {
    const reach = reachOf(offer);
    if (!reach) continue;
    const link = kind === 'helper-event-changed' ? await issueHelperLink(tx, offer.id, offer.language) : null;
    messages.push({
      kind,
      ...reach,
      language: offer.language,
      eventId,
      payload: {
        offerId: offer.id,
        task: taskLabel(task, isLang(offer.language) ? offer.language : 'fi'),
        name: offer.name,
        ...(link ? { manageUrl: link.url } : {}),
      },
    });
  }
  await enqueueMessages(tx, messages);
  return messages.length;
}
