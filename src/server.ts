// The production entry: validates configuration, migrates, seeds, then serves the built site.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { ConfigError, getConfig, type Config } from './config.ts';
import { limitsFromConfig, openDatabase, setDatabase, type DbHandle } from './db/client.ts';
import { SESSION_COOKIE } from './features/auth/session.ts';
import { followChanges } from './features/cache/changes.ts';
import { answerCached } from './features/cache/http.ts';
import { cacheKey } from './features/cache/rules.ts';
import { PageCache } from './features/cache/store.ts';
import { safeError } from './features/failures/classify.ts';
import { setLog } from './features/failures/log.ts';
import { installCrashHandlers } from './features/failures/process.ts';
import { runMigrations } from './db/migrate.ts';
import { seedIfEmpty } from './features/demo/mutations.ts';
import { answerOneClick, oneClickToken } from './features/mail/one-click.ts';
import { startConfiguredWorker } from './features/mail/run.ts';
import { transportFromConfig } from './features/mail/transport.ts';
import { logPath } from './features/http/log-path.ts';
import { bodyRefusal, refusalText } from './features/http/body-limit.ts';
import { applyProxy } from './features/http/proxy.ts';
import { isFrameablePath, securityHeaders } from './features/http/security-headers.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = getConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : `Invalid configuration: ${String(error)}`);
}

const log = pino({ level: config.LOG_LEVEL, base: { service: 'tori-web' } });
setLog(log);
installCrashHandlers(log);
// Read by Astro's log destination (src/features/failures/astro-log.mjs): JSON lines from here on.
process.env.TORI_SERVICE = 'tori-web';
const entry = fileURLToPath(new URL('../dist/server/entry.mjs', import.meta.url));
if (!existsSync(entry)) fail('The site is not built: run `npm run build` (npm start does it for you).');

let handle: DbHandle;
try {
  const opening = openDatabase({
    url: config.DATABASE_URL,
    dataDir: `${config.DATA_DIR}/pgdata`,
    maxConnections: config.DB_POOL_SIZE,
    limits: limitsFromConfig(config),
    onConnectionError: (error) => log.warn({ error: safeError(error) }, 'database connection lost; the pool opens a new one when needed'),
  });
  setDatabase(opening);
  handle = await opening;
  await runMigrations(handle);
  const seeded = await seedIfEmpty(handle, { demo: config.SEED_DEMO, timeZone: config.TZ_HUB, now: new Date() });
  log.info(
    { job: 'seed', outcome: seeded.kind, ...(seeded.kind === 'seeded' ? { demo: seeded.demo, events: seeded.events } : {}) },
    'database ready',
  );
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  fail(`Cannot prepare the database (${handle! ? handle.driver : config.DATABASE_URL ? 'DATABASE_URL' : config.DATA_DIR}): ${reason}`);
}

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(entry)) as { handler: http.RequestListener };
const baseHeaders = securityHeaders({ secure: config.secure });
const cache = new PageCache(config.PAGE_CACHE_SECONDS * 1_000, config.PAGE_CACHE_MB * 1024 * 1024);
const changes = cache.enabled ? followChanges(handle, cache, log) : null;
const frameableHeaders = securityHeaders({ secure: config.secure, frameable: true });

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  req.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);
  applyProxy(req, config);
  // Static files bypass Astro's middleware; these reach them too. Pages may override.
  const path = (req.url ?? '/').split('?')[0]!;
  for (const [name, value] of Object.entries(isFrameablePath(path) ? frameableHeaders : baseHeaders)) res.setHeader(name, value);
  res.on('finish', () => {
    log.info(
      {
        reqId: requestId,
        method: req.method,
        path: logPath(req.url),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      },
      'request',
    );
  });
  // A change made through this instance is seen by its next request already; the other
  // instances hear of it from the database (src/features/cache/changes.ts).
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') res.once('finish', () => cache.changed());
  const refused = bodyRefusal(req.method, path, req.headers);
  if (refused) {
    const api = path.startsWith('/api/');
    // The body is read and dropped, so the client (still sending) gets the answer.
    req.resume();
    res.writeHead(refused, { 'Content-Type': api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8' });
    res.end(
      api
        ? JSON.stringify({
            error: refused === 413 ? 'payload-too-large' : 'length-required',
            message: refused === 413 ? 'The body is too large.' : 'Send a Content-Length.',
          })
        : refusalText(refused, path, req.headers['accept-language']),
    );
    return;
  }
  // RFC 8058 one-click unsubscribe comes without an Origin, which Astro's checkOrigin refuses.
  const unsubscribe = oneClickToken(req.method, req.url);
  if (unsubscribe) void answerOneClick(handle.db, unsubscribe, req, res);
  else answerCached(cache, cacheKey(req, SESSION_COOKIE), req, res, handler);
});
server.keepAliveTimeout = 5_000;

// The mail worker runs here too unless MAIL_WORKER=off (then `npm run worker` runs it apart).
const transport = config.MAIL_WORKER === 'inline' ? transportFromConfig(config) : null;
const worker = transport ? startConfiguredWorker(handle.db, config, transport, log) : null;

server.listen(config.PORT, config.HOST, () => {
  log.info({ port: config.PORT, host: config.HOST, driver: handle.driver }, `Tori is listening on ${config.publicUrl}`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: finishing requests in flight');
  server.close();
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  // Whatever fails while closing, the process ends: a supervisor waits for it.
  try {
    await Promise.all([new Promise((resolve) => server.on('close', resolve)), worker?.stop(), changes?.stop()]);
    clearTimeout(force);
    transport?.close();
    await handle.close();
    log.info('stopped');
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
