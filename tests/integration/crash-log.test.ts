import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { isDatabaseUnavailable, safeError } from '#features/failures/classify.ts';
import { startWorker } from '#features/mail/worker.ts';
import { createTestDatabase } from '../setup/db.ts';

const SECRET = 'maija.meikalainen@example.org';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ base: { service: 'test' } }, stream), lines };
}

describe('a failure is logged as one JSON line, with class and message and without values', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a job whose query fails on a value: class and message logged, the value not, and the worker goes on', async () => {
    const { log, lines } = capture();
    let runs = 0;
    const worker = startWorker({
      db: handle.db,
      channel: { deliver: async () => 'sent' },
      settings: { batchSize: 10, leaseSeconds: 60, maxAttempts: 3, retryBaseSeconds: 1 },
      pollMs: 20,
      log,
      jobs: [
        {
          name: 'broken',
          everyMs: 0,
          run: async () => {
            runs += 1;
            await handle.db.execute(sql`SELECT ${SECRET}::uuid`);
            return null;
          },
        },
      ],
    });
    while (runs < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();
    const failures = lines.map((line) => JSON.parse(line)).filter((entry) => entry.job === 'broken');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    const [first] = failures;
    expect(first.level).toBe(50);
    expect(first.msg).toBe('broken failed');
    expect(first.error.class).toMatch(/QueryError/);
    expect(first.error.message).toMatch(/^Failed query: select \$1::uuid/i);
    expect(first.error.cause.message).toMatch(/invalid input syntax for type uuid/);
    expect(first.error.cause.code).toBe('22P02');
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('an exception nobody catches: one JSON line (class, message), no stack, no values, exit status 1', async () => {
    const script = `
      import pino from 'pino';
      import { installCrashHandlers } from './src/features/failures/process.ts';
      installCrashHandlers(pino({ base: { service: 'tori-worker' } }));
      const error = new RangeError('Failed query: insert into signups (email) values ($1)\\nparams: ${SECRET}');
      setTimeout(() => { throw error; }, 10);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 60,
      service: 'tori-worker',
      origin: 'uncaughtException',
      error: { class: 'RangeError', message: 'Failed query: insert into signups (email) values ($1)' },
    });
    expect(stdout).not.toContain(SECRET);
    expect(stdout).not.toContain('stack');
  });

  it('tells a database that is away (503) from a bug (500)', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout expired'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(safeError(Object.assign(new Error('bad'), { code: '22P02', detail: `Key (email)=(${SECRET})`, parameters: [SECRET] }))).toEqual({
      class: 'Error',
      message: 'bad',
      code: '22P02',
    });
  });
});
