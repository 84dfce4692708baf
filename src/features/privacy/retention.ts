import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, inArray, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperProfileLinks, helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperOffers, helperTasks, helperTokens } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { rateLimits } from '#db/schema/rate-limits.ts';
import { signupDecoys } from '#db/schema/signup-decoys.ts';
import { feedbackLinks } from '#db/schema/feedback.ts';
import { signups, signupTokens } from '#db/schema/signups.ts';
import { loginLinks } from '#db/schema/users.ts';
import { recordChange } from '#features/audit/mutations.ts';
import type { PeriodicJob } from '#features/mail/worker.ts';

// Rate-limit windows are minutes to an hour long; a day-old counter only holds an address.
const RATE_LIMIT_KEEP_MS = 86_400_000;

export interface RetentionResult {
  cutoff: Date;
  signups: number;
  emails: number;
  files: number;
  profiles: number;
}

/**
 * Removes attendees' personal data a set time after their event ended: names, email addresses,
 * phone numbers and answers go; party sizes, statuses and attendance stay, so the figures for
 * reports do not change. Manage links stop working, and sent or abandoned emails of that time
 * (which hold addresses and names) are deleted from the outbox and, with no SMTP server, from
 * the outbox folder. A hub may keep data for a period of its own (decision 025); `days` is the
 * installation's RETENTION_DAYS, and the outbox folder follows it. Running it again finds nothing new; several runs at once do the same work once.
 */
export async function runRetention(db: Db, args: { now: Date; days: number; outboxDir?: string | string[] }): Promise<RetentionResult> {
  const cutoff = new Date(args.now.getTime() - args.days * 86_400_000);
  const result = await db.transaction(async (tx) => {
    // Each hub's own period where its coordinator set one (decision 025), else `days`.
    const keep = sql`(${args.now.toISOString()}::timestamptz - make_interval(days => coalesce(${hubs.retentionDays}, ${args.days}::int)))`;
    const ended = tx.select({ id: events.id }).from(events).innerJoin(hubs, eq(hubs.id, events.hubId)).where(lt(events.endsAt, keep));
    const cleared = await tx
      .update(signups)
      .set({ name: '', email: null, phone: null, answers: {}, anonymizedAt: args.now, updatedAt: args.now })
      .where(and(isNull(signups.anonymizedAt), inArray(signups.eventId, ended)))
      .returning({ id: signups.id, hubId: sql<string>`(SELECT ${events.hubId} FROM ${events} WHERE ${events.id} = ${signups.eventId})` });
    const ids = cleared.map((c) => c.id);
    if (ids.length) await tx.delete(signupTokens).where(inArray(signupTokens.signupId, ids));
    // Feedback links go with them; their answers stay, no longer tied to anyone (decision 027).
    if (ids.length) await tx.delete(feedbackLinks).where(inArray(feedbackLinks.signupId, ids));
    // Offers to help go the same way (decision 031), except a confirmed helper's record of hours:
    // it keeps their name and link for the certificate until they delete it themselves.
    const helpers = await tx
      .update(helperOffers)
      .set({ name: '', email: null, phone: null, reach: null, spoken: [], anonymizedAt: args.now, updatedAt: args.now })
      .where(
        and(
          isNull(helperOffers.anonymizedAt),
          inArray(helperOffers.taskId, tx.select({ id: helperTasks.id }).from(helperTasks).where(inArray(helperTasks.eventId, ended))),
          or(ne(helperOffers.status, 'confirmed'), isNull(helperOffers.minutes)),
        ),
      )
      .returning({ id: helperOffers.id });
    if (helpers.length)
      await tx.delete(helperTokens).where(
        inArray(
          helperTokens.offerId,
          helpers.map((h) => h.id),
        ),
      );
    // Messages still to send are left alone: a worker may be holding one right now.
    const emails = await tx
      .delete(outbox)
      .where(
        and(
          notInArray(outbox.status, ['pending', 'sending']),
          inArray(
            outbox.id,
            tx.select({ id: outbox.id }).from(outbox).innerJoin(hubs, eq(hubs.id, outbox.hubId)).where(lt(outbox.createdAt, keep)),
          ),
        ),
      )
      .returning({ id: outbox.id, hubId: outbox.hubId });
    // A repeat's decoy (decision 015) is of no use once its event is over, whatever the retention time.
    await tx
      .delete(signupDecoys)
      .where(inArray(signupDecoys.eventId, tx.select({ id: events.id }).from(events).where(lt(events.endsAt, args.now))));
    await tx.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(args.now.getTime() - RATE_LIMIT_KEEP_MS)));
    await tx.delete(loginLinks).where(lt(loginLinks.expiresAt, args.now));
    // A helper profile no one has used (saved, answered an invitation) for the hub's retention
    // days goes, with its invitations (decision 032); so do expired profile links, which hold a contact.
    const profiles = await tx
      .delete(helperProfiles)
      .where(
        inArray(
          helperProfiles.id,
          tx
            .select({ id: helperProfiles.id })
            .from(helperProfiles)
            .innerJoin(hubs, eq(hubs.id, helperProfiles.hubId))
            .where(lt(helperProfiles.lastActiveAt, keep)),
        ),
      )
      .returning({ id: helperProfiles.id, hubId: helperProfiles.hubId });
    await tx.delete(helperProfileLinks).where(lt(helperProfileLinks.expiresAt, args.now));
    // One entry per hub that lost something, so each hub's admins see what went from theirs.
    for (const hubId of new Set([...cleared, ...emails, ...profiles].map((r) => r.hubId))) {
      const count = (rows: { hubId: string }[]) => rows.filter((r) => r.hubId === hubId).length;
      await recordChange(tx as Db, {
        hubId,
        userId: null,
        action: 'retention.run',
        entity: 'signup',
        details: { signups: count(cleared), emails: count(emails), profiles: count(profiles), days: args.days },
      });
    }
    return { signups: ids.length, emails: emails.length, profiles: profiles.length };
  });
  let files = 0;
  for (const dir of [args.outboxDir ?? []].flat()) files += await deleteOldFiles(dir, cutoff);
  return { cutoff, ...result, files };
}

// A text message file is named after its outbox row (mail/sms-transport.ts); other .txt files are not ours.
const SMS_FILE = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.txt$/;

/** Email and text message files (written when no server is set) older than the cutoff. */
async function deleteOldFiles(dir: string, cutoff: Date): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let deleted = 0;
  for (const name of names.filter((n) => n.endsWith('.eml') || SMS_FILE.test(n))) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (
      info &&
      info.mtime < cutoff &&
      (await unlink(path).then(
        () => true,
        () => false,
      ))
    )
      deleted++;
  }
  return deleted;
}

// Personal data may outlive its time by at most this much.
const RETENTION_ROUND_MS = 3_600_000;

/** Retention as a job of the background worker: once an hour. */
export function retentionJob(db: Db, days: number, outboxDir: string | string[] | undefined): PeriodicJob {
  return {
    name: 'retention',
    everyMs: RETENTION_ROUND_MS,
    run: async (now) => {
      const done = await runRetention(db, { now, days, outboxDir });
      return done.signups || done.emails || done.files || done.profiles
        ? { signups: done.signups, emails: done.emails, files: done.files, profiles: done.profiles }
        : null;
    },
  };
}
