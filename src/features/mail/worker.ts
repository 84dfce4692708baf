import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from '#db/schema/outbox.ts';
import { safeError } from '#features/failures/classify.ts';
import type { Channel } from './channels.ts';
import { holdLease } from './lease.ts';
import { scheduleFeedback } from '#features/feedback/schedule.ts';
import { scheduleHelperReminders } from './helper-reminders.ts';
import { scheduleReminders } from './reminders.ts';

export interface WorkerSettings {
  batchSize: number;
  /** Messages on their way at once (each with its own lease); 1 when absent. */
  concurrency?: number;
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
  /** Taken over by another worker while this one held it (it stalled past its lease). */
  lost: number;
}

// Each retry waits twice as long as the one before, up to four hours, so an outage of hours
// is ridden out without hammering the server; ±20 % keeps messages that failed together from
// retrying together. With the defaults (17 attempts, 30 s) the last attempt comes 32 h after
// the first, at least 25.8 h with the jitter at its low end (decision 008, README).
export const MAX_BACKOFF_SECONDS = 4 * 3600;
export const BACKOFF_JITTER = 0.2;

/** The wait after failed attempt number `attempt` (1 = the first), before jitter. */
export function backoffSeconds(attempt: number, baseSeconds: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, baseSeconds * 2 ** (attempt - 1));
}

/** Seconds from a message's first attempt to its last: as scheduled, and at the least. */
export function retryHorizon(settings: Pick<WorkerSettings, 'maxAttempts' | 'retryBaseSeconds'>): { nominal: number; least: number } {
  let nominal = 0;
  for (let attempt = 1; attempt < settings.maxAttempts; attempt++) nominal += backoffSeconds(attempt, settings.retryBaseSeconds);
  return { nominal, least: nominal * (1 - BACKOFF_JITTER) };
}

/**
 * Takes the next due message for this worker: a pending one whose time has come, or one whose
 * worker's lease ran out (it died). SKIP LOCKED lets several workers claim side by side
 * without waiting for or taking each other's rows. One message at a time: its lease is its
 * own, so messages do not wait, leased, behind a slow one.
 */
export async function claimNext(db: Db, settings: WorkerSettings, now: Date) {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(or(and(eq(outbox.status, 'pending'), lte(outbox.runAfter, now)), and(eq(outbox.status, 'sending'), lt(outbox.lockedUntil, now))))
    .orderBy(asc(outbox.runAfter))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(outbox)
    .set({ status: 'sending', lockedUntil: new Date(now.getTime() + settings.leaseSeconds * 1000), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
  return row ?? null;
}

// Class and message only: a failed query's message carries its values (names, emails).
function errorText(error: unknown): string {
  const safe = safeError(error);
  const cause = safe.cause ? ` (${safe.cause.class}: ${safe.cause.message})` : '';
  return `${safe.class}: ${safe.message}${cause}`.slice(0, 500);
}

/**
 * Sends up to a batch of messages, one claimed at a time, and records each outcome only
 * while this worker still holds that message's lease. `now` may be a test's clock: time
 * runs on from it.
 */
export async function deliverBatch(
  db: Db,
  channel: Channel,
  settings: WorkerSettings,
  now = new Date(),
  shouldStop: () => boolean = () => false,
): Promise<BatchReport> {
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  const report: BatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, lost: 0 };
  // Each lane claims, sends and records one message at a time; several lanes keep the mail
  // server's pooled connections busy while another message waits on the database.
  const lane = async () => {
    while (report.claimed < settings.batchSize && !shouldStop()) {
      report.claimed += 1;
      const row = await claimNext(db, settings, clock());
      if (!row) {
        report.claimed -= 1;
        return;
      }
      report[await deliverOne(db, channel, settings, row, clock)] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency ?? 1) }, lane));
  return report;
}

type Outcome = 'sent' | 'retried' | 'failed' | 'skipped' | 'lost';

/** Sends one claimed message and records the outcome while the lease is still this worker's. */
async function deliverOne(
  db: Db,
  channel: Channel,
  settings: WorkerSettings,
  row: NonNullable<Awaited<ReturnType<typeof claimNext>>>,
  clock: () => Date,
): Promise<Outcome> {
  const lease = holdLease(db, row, settings.leaseSeconds, clock);
  let outcome: Outcome;
  try {
    const delivered = await channel.deliver(db, row, lease.renew);
    if (delivered === 'lost') outcome = 'lost';
    // The payload may hold a manage link: once sent it is not kept (docs/decisions/007).
    // The message is out: a failure to record that must not count as a failed send, or it
    // would go out again; the record is tried again while the lease holds.
    else if (delivered === 'sent')
      outcome = (await persist(() => lease.finish({ status: 'sent', sentAt: clock(), payload: {}, lastError: null }))) ? 'sent' : 'lost';
    else outcome = (await lease.finish({ status: 'skipped', payload: {}, lastError: delivered.skipped })) ? 'skipped' : 'lost';
  } catch (error) {
    const finalTry = row.attempts >= settings.maxAttempts;
    const jitter = 1 - BACKOFF_JITTER + Math.random() * 2 * BACKOFF_JITTER;
    const retryAt = new Date(clock().getTime() + backoffSeconds(row.attempts, settings.retryBaseSeconds) * jitter * 1000);
    // A failed message keeps its payload, so a coordinator can send it again; its run_after
    // says when it failed ("failed since" on the outbox page).
    const recorded = await lease.finish({
      status: finalTry ? 'failed' : 'pending',
      runAfter: finalTry ? clock() : retryAt,
      lastError: errorText(error),
    });
    outcome = !recorded ? 'lost' : finalTry ? 'failed' : 'retried';
  } finally {
    lease.stop();
  }
  return outcome;
}

/** Runs a database write again after a passing failure (three tries over about 3 s); the last error is thrown. */
async function persist<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1_000));
    }
  }
}

/** Queues what has come due by the clock: reminders (attendees' and helpers'), then feedback questions. */
async function scheduleDue(db: Db, now: Date): Promise<void> {
  await scheduleReminders(db, now);
  await scheduleHelperReminders(db, now);
  await scheduleFeedback(db, now);
}

/** One round of the worker: queue the reminders and feedback questions that came due, then send a batch. */
export async function workOnce(
  db: Db,
  channel: Channel,
  settings: WorkerSettings,
  now = new Date(),
  shouldStop?: () => boolean,
): Promise<BatchReport> {
  await scheduleDue(db, now);
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
          await scheduleDue(options.db, now);
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
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
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
