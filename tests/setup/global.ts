import { spawnSync } from 'node:child_process';

/** Builds the site once for the suites that start the real server. */
export default function setup() {
  const result = spawnSync(process.execPath, ['scripts/build-if-needed.ts'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('astro build failed');
}
