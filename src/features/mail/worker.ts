import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outbox } from '../../db/schema/outbox.ts';
import { safeError } from '../failures/classify.ts';
import type { Channel } from './channels.ts';
import { scheduleReminders } from './reminders.ts';

export interface WorkerSettings {
  batchSize: number;
  leaseSeconds: number;
  maxAttempts: number;
  retryBaseSeconds: number;
}

export interface BatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

// Retries wait longer each time, but never more than six hours.
const MAX_BACKOFF_SECONDS = 6 * 3600;

/**
 * Takes due messages for this worker: pending ones whose time has come, and ones whose
 * worker's lease ran out (it died). SKIP LOCKED lets several workers claim side by side
 * without waiting for or taking each other's rows.
 */
export async function claimDue(db: Db, settings: WorkerSettings, now: Date) {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(or(
      and(eq(outbox.status, 'pending'), lte(outbox.runAfter, now)),
      and(eq(outbox.status, 'sending'), lt(outbox.lockedUntil, now)),
    ))
    .orderBy(asc(outbox.runAfter))
    .limit(settings.batchSize)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ status: 'sending', lockedUntil: new Date(now.getTime() + settings.leaseSeconds * 1000), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

// Class and message only: a failed query's message carries its values (names, emails).
function errorText(error: unknown): string {
  const safe = safeError(error);
  const cause = safe.cause ? ` (${safe.cause.class}: ${safe.cause.message})` : '';
  return `${safe.class}: ${safe.message}${cause}`.slice(0, 500);
}

/** Sends one claimed batch and records each outcome, only while this worker still owns the row. */
export async function deliverBatch(
  db: Db, channel: Channel, settings: WorkerSettings, now = new Date(), shouldStop: () => boolean = () => false,
): Promise<BatchReport> {
  const rows = await claimDue(db, settings, now);
  const report: BatchReport = { claimed: rows.length, sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    const owned = and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, row.lockedUntil!));
    // Shutting down: hand the rest of the batch back at once rather than at lease end.
    if (shouldStop()) {
      await db.update(outbox).set({ status: 'pending', lockedUntil: null, attempts: sql`${outbox.attempts} - 1` }).where(owned);
      continue;
    }
    try {
      const outcome = await channel.deliver(db, row);
      // The payload may hold a manage link: once sent it is not kept (docs/decisions/007).
      if (outcome === 'sent') {
        await db.update(outbox).set({ status: 'sent', sentAt: new Date(), lockedUntil: null, payload: {}, lastError: null }).where(owned);
        report.sent += 1;
      } else {
        await db.update(outbox).set({ status: 'skipped', lockedUntil: null, payload: {}, lastError: outcome.skipped }).where(owned);
        report.skipped += 1;
      }
    } catch (error) {
      const finalTry = row.attempts >= settings.maxAttempts;
      const backoff = Math.min(MAX_BACKOFF_SECONDS, settings.retryBaseSeconds * 2 ** (row.attempts - 1)) * (0.75 + Math.random() / 2);
      await db.update(outbox).set({
        status: finalTry ? 'failed' : 'pending',
        runAfter: new Date(Date.now() + backoff * 1000),
        lockedUntil: null,
        lastError: errorText(error),
      }).where(owned);
      if (finalTry) report.failed += 1;
      else report.retried += 1;
    }
  }
  return report;
}

/** One round of the worker: queue the reminders that came due, then send a batch. */
export async function workOnce(
  db: Db, channel: Channel, settings: WorkerSettings, now = new Date(), shouldStop?: () => boolean,
): Promise<BatchReport> {
  await scheduleReminders(db, now);
  return deliverBatch(db, channel, settings, now, shouldStop);
}

export interface RunningWorker {
  /** Stops taking new batches; resolves once the message being sent is done. */
  stop(): Promise<void>;
}

// Reminders are due to the minute; working them out on every poll would only repeat a query.
const REMINDER_ROUND_MS = 60_000;

/** Another background job the worker runs between batches, at most once per `everyMs`. */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  /** Says what it did (logged when it did something), or null when there was nothing to do. */
  run: (now: Date) => Promise<object | null>;
}

export function startWorker(options: {
  db: Db;
  channel: Channel;
  settings: WorkerSettings;
  pollMs: number;
  log: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  jobs?: PeriodicJob[];
}): RunningWorker {
  let stopping = false;
  let wake: (() => void) | null = null;
  let lastReminderRound = 0;
  const lastRun = new Map<string, number>();
  const loop = (async () => {
    while (!stopping) {
      let report: BatchReport | null = null;
      try {
        const now = new Date();
        if (now.getTime() - lastReminderRound >= REMINDER_ROUND_MS) {
          await scheduleReminders(options.db, now);
          lastReminderRound = now.getTime();
        }
        report = await deliverBatch(options.db, options.channel, options.settings, now, () => stopping);
        if (report.claimed > 0) options.log.info({ job: 'mail', ...report }, 'mail batch');
      } catch (error) {
        options.log.error({ job: 'mail', error: safeError(error) }, 'mail batch failed');
      }
      for (const job of options.jobs ?? []) {
        const now = new Date();
        if (stopping || now.getTime() - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
        lastRun.set(job.name, now.getTime());
        try {
          const done = await job.run(now);
          if (done) options.log.info({ job: job.name, ...done }, job.name);
        } catch (error) {
          options.log.error({ job: job.name, error: safeError(error) }, `${job.name} failed`);
        }
      }
      // A full batch means more may be waiting: go again at once.
      if (!stopping && (report?.claimed ?? 0) < options.settings.batchSize) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
