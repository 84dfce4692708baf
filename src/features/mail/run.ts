import type { Config } from '#config';
import type { Db } from '#db/client.ts';
import { retentionJob } from '#features/privacy/retention.ts';
import { rateLimitPruneJob } from '#features/rate-limit/mutations.ts';
import { emailChannel } from './channels.ts';
import { workerSettings } from './settings.ts';
import { emlDir, type MailTransport } from './transport.ts';
import { startWorker, type RunningWorker } from './worker.ts';

/**
 * The mail worker as the web process and `npm run worker` both run it: the outbox, reminders,
 * and the hourly jobs (retention, old rate-limit windows), from the configuration.
 */
export function startConfiguredWorker(
  db: Db,
  config: Config,
  transport: MailTransport,
  log: Parameters<typeof startWorker>[0]['log'],
): RunningWorker {
  return startWorker({
    db,
    channel: emailChannel(transport, config),
    settings: workerSettings(config),
    pollMs: config.MAIL_POLL_MS,
    log,
    jobs: [retentionJob(db, config.RETENTION_DAYS, emlDir(config)), rateLimitPruneJob(db)],
  });
}
