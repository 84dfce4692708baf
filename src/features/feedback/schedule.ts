import { and, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { feedbackLinks } from '#db/schema/feedback.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { queuedKeys, reachOf } from '#features/mail/outbox.ts';
import { hashToken, newToken } from '#lib/tokens.ts';

// "How was it?" goes this long after the event's end: people are home, the memory is fresh.
export const FEEDBACK_DELAY_MS = 60 * 60_000;
// An event that ended longer ago than this gets no question any more (a worker that was down
// for days does not ask about last month).
export const FEEDBACK_WINDOW_MS = 2 * 86_400_000;
// At most one question per person (email address or phone number) in this time, across events.
export const FEEDBACK_PER_PERSON_MS = 7 * 86_400_000;

/** The answer page of a feedback link, in the sign-up's language. */
export function feedbackUrl(language: string, token: string): string {
  return `${getConfig().publicUrl}/${language}/feedback/${token}`;
}

/**
 * Queues "How was it?" for everyone who came to an event that ended FEEDBACK_DELAY_MS ago
 * (decision 027): confirmed sign-ups not marked absent, with an email address or a phone number
 * (a text message then, under the text message rules), whose data is still there. Each sign-up
 * has the key `feedback:{id}`, so a restart or a second worker adds none twice; a person who was
 * asked within FEEDBACK_PER_PERSON_MS (about any event) is not asked again. The check and the
 * insert run under a transaction lock on the address, so two workers never both ask.
 */
export async function scheduleFeedback(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .select({
      signupId: signups.id,
      email: signups.email,
      phone: signups.phone,
      language: signups.language,
      eventId: events.id,
      hubId: events.hubId,
    })
    .from(signups)
    .innerJoin(events, eq(events.id, signups.eventId))
    .where(
      and(
        eq(signups.status, 'confirmed'),
        isNull(signups.anonymizedAt),
        eq(signups.removedByPerson, false),
        sql`${signups.attended} IS DISTINCT FROM false`,
        or(isNotNull(signups.email), isNotNull(signups.phone)),
        eq(events.status, 'scheduled'),
        lte(events.endsAt, new Date(now.getTime() - FEEDBACK_DELAY_MS)),
        gt(events.endsAt, new Date(now.getTime() - FEEDBACK_WINDOW_MS)),
      ),
    )
    .orderBy(events.endsAt, signups.queueNo);
  if (candidates.length === 0) return 0;
  const keyOf = (signupId: string) => `feedback:${signupId}`;
  const known = await queuedKeys(
    db,
    candidates.map((c) => keyOf(c.signupId)),
  );
  const fresh = candidates.filter((x) => !known.has(keyOf(x.signupId)));
  if (fresh.length === 0) return 0;
  const weekAgo = new Date(now.getTime() - FEEDBACK_PER_PERSON_MS);
  // Someone asked about another event this week stays a candidate for the whole window: find
  // them all with one read, rather than a transaction each on every round. The check under the
  // lock below still decides for the rest.
  const askedLately = new Set(
    (
      await db
        .selectDistinct({ recipient: outbox.recipient })
        .from(outbox)
        .where(
          and(
            eq(outbox.kind, 'feedback'),
            gt(outbox.createdAt, weekAgo),
            inArray(
              outbox.recipient,
              fresh.map((c) => reachOf(c)!.recipient),
            ),
          ),
        )
    ).map((r) => r.recipient),
  );
  let queued = 0;
  for (const c of fresh) {
    const reach = reachOf(c)!;
    if (askedLately.has(reach.recipient)) continue;
    const added = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`feedback:${reach.recipient}`}))`);
      const [recent] = await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.kind, 'feedback'), eq(outbox.recipient, reach.recipient), gt(outbox.createdAt, weekAgo)))
        .limit(1);
      if (recent) return false;
      const token = newToken();
      const [row] = await tx
        .insert(outbox)
        .values({
          kind: 'feedback',
          hubId: c.hubId,
          ...reach,
          language: c.language,
          signupId: c.signupId,
          eventId: c.eventId,
          runAfter: now,
          createdAt: now,
          dedupeKey: keyOf(c.signupId),
          payload: { feedbackUrl: feedbackUrl(c.language, token) },
        })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      if (!row) return false;
      await tx
        .insert(feedbackLinks)
        .values({ tokenHash: hashToken(token), eventId: c.eventId, signupId: c.signupId, language: c.language });
      return true;
    });
    if (added) queued += 1;
  }
  return queued;
}
