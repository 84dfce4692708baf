import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { buildTemplates, type Templates } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    toriTemplates: Templates;
  }
}

// Both projects name this file; their set-ups run in one process and share one build and one
// set of templates, dropped after the last project is done.
const KEY = Symbol.for('tori.test.templates');
type Shared = { ready: Promise<Templates & { remove: () => Promise<void> }>; users: number };
const shared = globalThis as typeof globalThis & { [KEY]?: Shared };

/** Builds the site and the migrated (and demo-seeded) databases once for the whole run. */
export default async function setup(project: TestProject) {
  if (!shared[KEY]) {
    const result = spawnSync(process.execPath, ['scripts/build-if-needed.ts'], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error('astro build failed');
    shared[KEY] = { ready: buildTemplates(), users: 0 };
  }
  const entry = shared[KEY];
  entry.users++;
  const { remove, ...templates } = await entry.ready;
  project.provide('toriTemplates', templates);
  return async () => {
    if (--entry.users === 0) {
      delete shared[KEY];
      await remove();
    }
  };
}
