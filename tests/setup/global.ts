import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { secretsInLog } from './log-scan.ts';
import { buildTemplates, type Templates } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    toriTemplates: Templates;
    /** Where every server and worker started by a test leaves its output, scanned at the end. */
    toriServerLogs: string;
  }
}

// Both projects name this file; their set-ups run in one process and share one build and one
// set of templates, dropped after the last project is done.
const KEY = Symbol.for('tori.test.templates');
type Shared = { ready: Promise<Templates & { remove: () => Promise<void> }>; users: number; logs: string };
const shared = globalThis as typeof globalThis & { [KEY]?: Shared };

/** Builds the site and the migrated (and demo-seeded) databases once for the whole run. */
export default async function setup(project: TestProject) {
  if (!shared[KEY]) {
    const result = spawnSync(process.execPath, ['scripts/build-if-needed.ts'], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error('astro build failed');
    shared[KEY] = { ready: buildTemplates(), users: 0, logs: mkdtempSync(join(tmpdir(), 'tori-server-logs-')) };
  }
  const entry = shared[KEY];
  entry.users++;
  const { remove, ...templates } = await entry.ready;
  project.provide('toriTemplates', templates);
  project.provide('toriServerLogs', entry.logs);
  return async () => {
    if (--entry.users === 0) {
      delete shared[KEY];
      await remove();
      scanServerLogs(entry.logs);
    }
  };
}

/**
 * Every log line of every server and worker the whole run started: no email, phone number,
 * query string or token may be in one (CONTRACT.md: no names, emails or phone numbers in logs).
 */
function scanServerLogs(dir: string) {
  const files = readdirSync(dir);
  const found = files.flatMap((name) => secretsInLog(readFileSync(join(dir, name), 'utf8')).map((f) => `${name}: ${f}`));
  rmSync(dir, { recursive: true, force: true });
  if (found.length) throw new Error(`secrets in the logs of ${files.length} server runs:\n${found.slice(0, 20).join('\n')}`);
  console.log(`log scan: ${files.length} server and worker logs of this run hold no email, phone, token or query string`);
}
