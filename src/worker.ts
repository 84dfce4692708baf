// The mail worker alone (`npm run worker`), for deployments that run it apart from the web.
import pino from 'pino';
import { ConfigError, getConfig, type Config } from './config.ts';
import { limitsFromConfig, openDatabase, type DbHandle } from './db/client.ts';
import { safeError } from './features/failures/classify.ts';
import { setLog } from './features/failures/log.ts';
import { installCrashHandlers } from './features/failures/process.ts';
import { runMigrations } from './db/migrate.ts';
import { startConfiguredWorker } from './features/mail/run.ts';
import { transportFromConfig } from './features/mail/transport.ts';

let config: Config;
try {
  config = getConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const log = pino({ level: config.LOG_LEVEL, base: { service: 'tori-worker' } });
setLog(log);
installCrashHandlers(log);
// Read by Astro's log destination (src/features/failures/astro-log.mjs): JSON lines from here on.
process.env.TORI_SERVICE = 'tori-worker';

let handle: DbHandle;
try {
  handle = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: `${config.DATA_DIR}/pgdata`,
    maxConnections: 3,
    limits: limitsFromConfig(config),
    onConnectionError: (error) => log.warn({ error: safeError(error) }, 'database connection lost; the pool opens a new one when needed'),
  });
  await runMigrations(handle);
} catch (error) {
  process.stderr.write(`Cannot prepare the database: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(1);
}

const transport = transportFromConfig(config);
const worker = startConfiguredWorker(handle.db, config, transport, log);
log.info({ job: 'mail', smtp: Boolean(config.SMTP_URL) }, 'mail worker started');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: finishing the message being sent');
  // Whatever fails while closing, the process ends: a supervisor waits for it.
  try {
    await worker.stop();
    transport.close();
    await handle.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
