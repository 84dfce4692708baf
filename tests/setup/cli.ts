import { spawnSync } from 'node:child_process';
import type { RunningServer } from './server.ts';

/** Runs `npm run cli -- …` on a server's data (stop an embedded-database server first); its last line. */
export function cli(server: RunningServer, args: string[]): string {
  const result = spawnSync(process.execPath, ['src/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: server.storage.dataDir, DATABASE_URL: server.storage.databaseUrl }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1)!;
}
