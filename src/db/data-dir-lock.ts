import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite has one opener and no lock of its own: a second process opening the same files would
 * corrupt them. A lock file names the owner; a second opener is refused while that owner runs.
 *
 * A pid alone is not enough to say who owns it: after a crash or a reboot the pid may belong to
 * an unrelated process (or to a zombie), and the server would refuse to start for good. So the
 * lock records the pid with the process's start time and the boot id, and only a live,
 * non-zombie process with the same start time in the same boot holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = `${dataDir}.lock`;
  const mine = JSON.stringify(identity(process.pid) ?? { pid: process.pid });
  try {
    writeFileSync(lock, mine, { flag: 'wx' });
  } catch {
    const owner = readOwner(lock);
    if (owner && owner.pid !== process.pid && holds(owner)) {
      throw new Error(`the embedded database in ${dataDir} is in use by process ${owner.pid}; stop it first (or use DATABASE_URL)`);
    }
    writeFileSync(lock, mine);
  }
  return () => {
    // Only our own lock is removed: a stale-lock takeover by another process stays.
    if (readOwner(lock)?.pid === process.pid) rmSync(lock, { force: true });
  };
}

export interface LockOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  start?: string;
  boot?: string;
}

function readOwner(lock: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8').trim();
  } catch {
    return null;
  }
  // Older lock files hold the bare pid.
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    return Number.isInteger(parsed.pid) && parsed.pid! > 0 ? (parsed as LockOwner) : null;
  } catch {
    return null;
  }
}

/** The process as /proc sees it now; null where there is no /proc (not Linux) or no process. */
export function identity(pid: number): (LockOwner & { state: string }) | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return { pid, state: fields[0]!, start: fields[19]!, boot };
  } catch {
    return null;
  }
}

function holds(owner: LockOwner): boolean {
  if (!existsProc()) {
    try {
      return process.kill(owner.pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  const now = identity(owner.pid);
  if (!now || now.state === 'Z' || now.state === 'X') return false;
  if (owner.start !== undefined || owner.boot !== undefined) return owner.start === now.start && owner.boot === now.boot;
  // A bare pid from an older version: held only if that pid runs one of Tori's entry points.
  return isToriProcess(owner.pid);
}

function existsProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function isToriProcess(pid: number): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((arg) => /(^|\/)src\/(server|worker|cli)\.ts$|dist\/server\/entry\.mjs$/.test(arg));
  } catch {
    return false;
  }
}
