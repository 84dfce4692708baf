import type { events } from '#db/schema/events.ts';
import type { helperOffers } from '#db/schema/helpers.ts';
import type { signups } from '#db/schema/signups.ts';

type Event = Pick<typeof events.$inferSelect, 'status' | 'sequence' | 'startsAt'>;
type Signup = Pick<typeof signups.$inferSelect, 'status' | 'remindersOff' | 'anonymizedAt'>;
type Offer = Pick<typeof helperOffers.$inferSelect, 'status' | 'anonymizedAt'>;

/**
 * Why a queued message about a sign-up is no longer true when its turn comes, or null: a
 * reminder for a sign-up that was cancelled or moved, or for an event that changed (its
 * sequence), was cancelled or has begun; a move-up that was undone; a feedback question to a
 * sign-up that was cancelled or whose data is gone. A helper's reminder likewise, by their
 * offer (decision 031); news of a moved or cancelled event to a helper who has since withdrawn
 * or been declined. The same for every channel.
 */
export function noLongerTrue(
  kind: string,
  payload: Record<string, unknown>,
  signup: Signup | undefined,
  event: Event,
  now: Date,
  offer?: Offer,
): string | null {
  if (kind === 'helper-reminder') {
    const stale =
      offer?.status !== 'confirmed' ||
      offer.anonymizedAt !== null ||
      event.status !== 'scheduled' ||
      event.sequence !== Number(payload.sequence) ||
      event.startsAt <= now;
    if (stale) return 'reminder no longer valid';
  }
  if (
    (kind === 'helper-event-changed' || kind === 'helper-event-cancelled') &&
    (!offer || offer.anonymizedAt !== null || !['offered', 'confirmed'].includes(offer.status))
  )
    return 'no longer helping';
  if (kind === 'reminder') {
    const stale =
      signup?.status !== 'confirmed' ||
      signup.remindersOff ||
      event.status !== 'scheduled' ||
      event.sequence !== Number(payload.sequence) ||
      event.startsAt <= now;
    if (stale) return 'reminder no longer valid';
  }
  if (kind === 'signup-promoted' && signup?.status !== 'confirmed') return 'no longer confirmed';
  if (
    kind === 'feedback' &&
    (signup?.status !== 'confirmed' || signup.anonymizedAt || event.status !== 'scheduled' || !payload.feedbackUrl)
  )
    return 'feedback no longer asked';
  return null;
}
