import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createScratchDatabase, templates, usingPostgres } from './db.ts';
import type { TemplateKind } from './templates.ts';

/** Runs the server entry with the given environment until it exits; for start-up failures. */
export function runServerUntilExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/server.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Where its data lives, to start another server on the same data. */
  storage: Storage;
  /** SIGTERM, then removes its data unless `keepData`. */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
}

export interface Storage {
  dataDir: string;
  databaseUrl: string;
  drop: () => Promise<void>;
}

/**
 * A data directory (and on PostgreSQL a database) for a server. `template` starts it as the
 * run's prepared database of that kind instead of empty, so the server skips migrating and seeding.
 */
export async function newStorage(template?: TemplateKind): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tori-test-'));
  if (template && !usingPostgres) cpSync(templates().pglite![template], join(dataDir, 'pgdata'), { recursive: true });
  const scratch = usingPostgres ? await createScratchDatabase({ template }) : null;
  return {
    dataDir,
    databaseUrl: scratch?.url ?? '',
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}

/** Which prepared database a first start with this environment would leave behind. */
function templateFor(env: Record<string, string>): TemplateKind | undefined {
  // The templates are seeded for the default hub zone; another zone starts from scratch.
  if (env.TZ_HUB !== undefined) return undefined;
  return env.SEED_DEMO !== undefined && ['false', '0', 'no'].includes(env.SEED_DEMO) ? 'plain' : 'demo';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the built server the way `npm start` does. Without `existing` storage it starts on a
 * copy of the run's prepared database: what a first start with `env` would have made (migrated,
 * seeded with the demo week unless SEED_DEMO is off). `fresh: true` starts it on an empty data
 * directory or database instead, for tests of the first start itself.
 */
export async function startServer(
  env: Record<string, string> = {},
  existing?: Storage,
  options: { fresh?: boolean } = {},
): Promise<RunningServer> {
  const storage = existing ?? (await newStorage(options.fresh ? undefined : templateFor(env)));
  const port = await freePort();
  const child = spawn(process.execPath, ['src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: storage.databaseUrl,
      DATA_DIR: storage.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
    const check = () => {
      if (!output.includes('Tori is listening')) return void setTimeout(check, 100);
      clearTimeout(timer);
      resolve();
    };
    check();
  });
  child.removeAllListeners('exit');
  keepLogForScan(child, () => output);
  return {
    url,
    process: child,
    output: () => output,
    storage,
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) await storage.drop();
    },
  };
}

/**
 * Opens the server's own database from the test. PGlite allows one opener, so on the embedded
 * database the server is stopped first (its data kept); on PostgreSQL it keeps running.
 */
export async function openServerDatabase(server: RunningServer) {
  const { openDatabase } = await import('#db/client.ts');
  if (server.storage.databaseUrl) return openDatabase({ url: server.storage.databaseUrl, maxConnections: 2 });
  await server.stop({ keepData: true });
  return openDatabase({ dataDir: `${server.storage.dataDir}/pgdata` });
}

/** Hands a process's output, when it exits, to the scan at the end of the run (tests/setup/global.ts). */
export function keepLogForScan(child: ChildProcess, output: () => string): void {
  child.once('exit', () => appendFileSync(join(inject('toriServerLogs'), `${child.pid}.log`), output()));
}
