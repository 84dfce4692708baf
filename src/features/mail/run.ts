import type { Config } from '#config';
import type { Db } from '#db/client.ts';
import { retentionJob } from '#features/privacy/retention.ts';
import { rateLimitPruneJob } from '#features/rate-limit/mutations.ts';
import { byChannel, emailChannel, smsChannel } from './channels.ts';
import { workerSettings } from './settings.ts';
import { smsDir, smsTransportFromConfig, type SmsTransport } from './sms-transport.ts';
import { emlDir, type MailTransport } from './transport.ts';
import { startWorker, type RunningWorker } from './worker.ts';

/**
 * The mail worker as the web process and `npm run worker` both run it: the outbox, reminders,
 * and the hourly jobs (retention, old rate-limit windows), from the configuration. Text
 * messages go through the SMS transport the configuration names; it is closed when the worker stops.
 */
export function startConfiguredWorker(
  db: Db,
  config: Config,
  transport: MailTransport,
  log: Parameters<typeof startWorker>[0]['log'],
  sms: SmsTransport = smsTransportFromConfig(config),
): RunningWorker {
  const worker = startWorker({
    db,
    channel: byChannel({ email: emailChannel(transport, config), sms: smsChannel(sms) }),
    settings: workerSettings(config),
    pollMs: config.MAIL_POLL_MS,
    log,
    jobs: [retentionJob(db, config.RETENTION_DAYS, [emlDir(config), smsDir(config)]), rateLimitPruneJob(db)],
  });
  return {
    async stop() {
      await worker.stop();
      sms.close();
    },
  };
}
