// What the benchmark needs from the machine: commands, packages, ports, child processes it
// started (and only those, stopped by the PID it recorded), and the local PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const pgUrl = (database: string) => `postgres://postgres@127.0.0.1:5432/${database}`;

const started = Date.now();
export function log(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

/** Runs a command to its end; throws with its output when it fails. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${(result.stderr || result.stdout).trim().slice(-2000)}`);
  }
  return result.stdout;
}

/** Runs a command without blocking the event loop (the bench's own servers keep answering). */
export function runAsync(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}: ${(Buffer.concat(err).toString('utf8') || stdout).trim().slice(-2000)}`,
          ),
        );
    });
  });
}

export function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const path = join(dir, command);
    if (dir && existsSync(path)) return path;
  }
  return null;
}

let aptUpdated = false;
/** The binary, installed with apt-get when it is missing. */
export function ensureTool(binary: string, aptPackage: string): string {
  const found = which(binary);
  if (found) return found;
  log(`installing ${aptPackage} (apt-get install -y)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', aptPackage], { env });
  const installed = which(binary);
  if (!installed) throw new Error(`${binary} is still missing after installing ${aptPackage}`);
  return installed;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Child processes: every one is recorded and stopped by its PID, and only those. ----

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const children = new Set<Child>();

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string; ipc?: boolean },
): Child {
  const fd = openSync(options.logFile, 'a');
  const proc = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
  });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    name,
    pid: proc.pid,
    process: proc,
    logFile: options.logFile,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!children.has(child)) return;
      children.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        process.kill(child.pid, signal);
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {}
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(child);
  return child;
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].reverse().map((c) => c.stop()));
}

/** Waits until `url` answers (any status); fails early when the child died. */
export async function waitForHttp(url: string, child: Child | null, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.process.exitCode !== null) {
      throw new Error(`${child.name} exited with ${child.process.exitCode}: ${tail(child.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s${child ? `: ${tail(child.logFile)}` : ''}`);
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Resident memory of a process in MB, from /proc/PID/status (VmRSS). */
export function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---- PostgreSQL ----

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'tori-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
  await withClient(PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) return;
  await withClient(PG_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch((error) =>
    log(`could not drop ${name}: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export function postgresReady(): boolean {
  return spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status === 0;
}
