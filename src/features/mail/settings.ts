import type { Config } from '#config';
import type { WorkerSettings } from './worker.ts';

// Ten messages a round keeps one slow SMTP answer from holding up many others.
const BATCH_SIZE = 10;

export function workerSettings(config: Config): WorkerSettings {
  return {
    batchSize: BATCH_SIZE,
    concurrency: config.MAIL_CONCURRENCY,
    leaseSeconds: config.MAIL_LEASE_SECONDS,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    retryBaseSeconds: config.MAIL_RETRY_BASE_SECONDS,
  };
}
