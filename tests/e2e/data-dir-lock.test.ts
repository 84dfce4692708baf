import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identity } from '#db/data-dir-lock.ts';
import { templates } from '../setup/db.ts';
import { runServerUntilExit, startServer } from '../setup/server.ts';

// The embedded database's lock file: always PGlite, whichever database the pass is on, so it runs
// once (the `once` project in vitest.config.ts); the outages on PostgreSQL are in resilience.test.ts.

describe('the embedded database lock (PGlite, whichever database the other tests use)', () => {
  it('a lock left with a live but unrelated pid does not block start-up; a running server still refuses a second one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tori-lock-'));
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      // The data a first start with SEED_DEMO=false leaves (the run's prepared copy when the run
      // has PGlite ones): the lock is what is tested here, not the first start.
      const plain = templates().pglite?.plain;
      if (plain) cpSync(plain, `${dataDir}/pgdata`, { recursive: true });
      else mkdirSync(`${dataDir}/pgdata`, { recursive: true });
      // A pid from an older run that now belongs to another program (its start time differs).
      const other = identity(sleeper.pid!);
      expect(other).not.toBeNull();
      writeFileSync(`${dataDir}/pgdata.lock`, JSON.stringify({ pid: sleeper.pid, start: '1', boot: other!.boot }));
      const first = await startServer({ SEED_DEMO: 'false' }, { dataDir, databaseUrl: '', drop: async () => {} });
      try {
        expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
        const second = await runServerUntilExit({ DATA_DIR: dataDir, DATABASE_URL: '', PORT: '4399', HOST: '127.0.0.1' });
        expect(second.code).toBe(1);
        expect(second.stderr).toContain(`in use by process ${first.process.pid}`);
      } finally {
        await first.stop({ keepData: true });
      }
      // An older bare-pid lock naming a live process that is no Tori server (this test runner).
      writeFileSync(`${dataDir}/pgdata.lock`, String(process.pid));
      const again = await startServer({ SEED_DEMO: 'false' }, { dataDir, databaseUrl: '', drop: async () => {} });
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      await again.stop({ keepData: true });
    } finally {
      sleeper.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
