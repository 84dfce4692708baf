// Fails when src/db/schema says something the committed migrations do not: drizzle-kit generates
// against a copy of drizzle/ and any new migration file means someone forgot `npm run db:generate`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// drizzle-kit takes `out` relative to the working directory (an absolute path gets './' put before it).
const scratch = join(root, '.drift-check');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch);
try {
  const out = join(scratch, 'drizzle');
  cpSync(join(root, 'drizzle'), out, { recursive: true });
  const config = join(scratch, 'drizzle.config.json');
  writeFileSync(config, JSON.stringify({ dialect: 'postgresql', schema: './src/db/schema/*.ts', out: './.drift-check/drizzle' }));
  const before = new Set(readdirSync(out));
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config, '--name', 'drift'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // It exits 0 even when it fails, so its output is read too.
  if (run.status !== 0 || /\bError\b/.test(run.stderr)) {
    console.error(`schema drift check could not run drizzle-kit: ${(run.stderr || run.stdout).trim().split('\n').at(-1)}`);
    process.exitCode = 1;
  } else {
    const added = readdirSync(out).filter((name) => !before.has(name));
    if (added.length) {
      console.error(
        `schema drift: src/db/schema differs from drizzle/ (drizzle-kit would write ${added.join(', ')}); run \`npm run db:generate\``,
      );
      process.exitCode = 1;
    } else console.log('schema matches the committed migrations');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
