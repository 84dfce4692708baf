import type { events } from '#db/schema/events.ts';
import type { signups } from '#db/schema/signups.ts';

type Event = Pick<typeof events.$inferSelect, 'status' | 'sequence' | 'startsAt'>;
type Signup = Pick<typeof signups.$inferSelect, 'status' | 'remindersOff' | 'anonymizedAt'>;

/**
 * Why a queued message about a sign-up is no longer true when its turn comes, or null: a
 * reminder for a sign-up that was cancelled or moved, or for an event that changed (its
 * sequence), was cancelled or has begun; a move-up that was undone; a feedback question to a
 * sign-up that was cancelled or whose data is gone. The same for every channel.
 */
export function noLongerTrue(
  kind: string,
  payload: Record<string, unknown>,
  signup: Signup | undefined,
  event: Event,
  now: Date,
): string | null {
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
