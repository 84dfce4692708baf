import { spawn, type ChildProcess } from 'node:child_process';
import { keepLogForScan, type Storage } from './server.ts';

export interface RunningWorker {
  child: ChildProcess;
  output: () => string;
  /** Sends `signal` (SIGTERM unless told) and waits until the process has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

const started = new Set<RunningWorker>();

/**
 * Starts `npm run worker` on a server's data (its data directory, or its PostgreSQL database),
 * polling every 100 ms unless `env` says otherwise. Its output goes to the log scan at the end of
 * the run, as the server's does.
 */
export function startWorker(storage: Pick<Storage, 'dataDir' | 'databaseUrl'>, env: Record<string, string> = {}): RunningWorker {
  const child = spawn(process.execPath, ['src/worker.ts'], {
    env: { ...process.env, DATABASE_URL: storage.databaseUrl, DATA_DIR: storage.dataDir, MAIL_POLL_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  keepLogForScan(child, () => output);
  const worker: RunningWorker = {
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (!exited(child)) child.kill(signal);
      await stopped(child);
      started.delete(worker);
    },
  };
  started.add(worker);
  return worker;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves once the process has exited (at once if it already has). */
export const stopped = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (exited(child) ? resolve() : child.once('exit', () => resolve())));

/** Stops every worker this file started and has not stopped yet (for afterAll). */
export async function stopWorkers(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await Promise.all([...started].map((worker) => worker.stop(signal)));
}
