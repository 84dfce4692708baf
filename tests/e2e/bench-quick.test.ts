import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm run bench -- --quick` (bench/run.ts): the small data set, one second a figure.
// Not timed: this checks only that every figure was measured. The bench uses the local
// PostgreSQL itself (a database of its own, dropped at the end), so it runs when that answers.
const postgres = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status === 0;
const RESULTS = 'bench/results/quick.json';
const skipped = postgres ? '' : ' — skipped: no PostgreSQL answers on 127.0.0.1:5432 (pg_isready)';

interface Figure {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  goal?: { op: string; target: number };
  met?: boolean | null;
}

describe.skipIf(!postgres)(`npm run bench -- --quick${skipped}`, () => {
  it('measures every figure and writes them to bench/results/quick.json', { timeout: 420_000 }, async () => {
    rmSync(RESULTS, { force: true });
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['bench/run.ts', '--quick'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
      child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code, output.join('').slice(-4000)).toBe(0);
    expect(existsSync(RESULTS)).toBe(true);
    const { figures, info } = JSON.parse(readFileSync(RESULTS, 'utf8')) as { figures: Figure[]; info: Record<string, unknown> };
    expect(info.mode).toBe('quick');
    const unmeasured = figures.filter((f) => typeof f.value !== 'number' || !Number.isFinite(f.value));
    expect(unmeasured.map((f) => `${f.section}: ${f.name}`)).toEqual([]);
    // Every section of the issue is there, and each goal was judged.
    const sections = new Set(figures.map((f) => f.section.split(' ')[0]));
    for (const s of ['Pages', 'Feeds', 'Sign-ups', 'Email', 'Memory', 'Page']) expect(sections).toContain(s);
    for (const f of figures.filter((f) => f.goal)) expect(typeof f.met).toBe('boolean');
    expect(figures.filter((f) => f.section.startsWith('Pages')).length).toBeGreaterThanOrEqual(36);
  });
});
