// `npm run bench` (or `npm run bench -- --quick`): sets up what it needs on this machine,
// generates a large programme, starts Tori in production mode and measures it side by side
// with nginx, a bare node:http server, pgbench and a bare nodemailer loop. Prints a table and
// writes bench/results/latest.json (quick runs: bench/results/quick.json). Exits non-zero only
// when something could not be measured, never because a goal was missed. See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { FULL, generate, QUICK } from './data.ts';
import { explainQueries } from './explain.ts';
import {
  measureFeeds,
  measureMail,
  measurePages,
  measurePglite,
  measureRss,
  measureSignups,
  measureWeight,
  type Context,
} from './measure.ts';
import { Report } from './report.ts';
import { startTori } from './servers.ts';
import {
  createDatabase,
  dropDatabase,
  ensureTool,
  log,
  pgUrl,
  postgresReady,
  ROOT,
  rssMb,
  run,
  stopAllChildren,
  withClient,
} from './tools.ts';
import { writeReportScript } from './wrk.ts';

const quick = process.argv.includes('--quick');
const report = new Report();
const resultFile = join(ROOT, 'bench/results', quick ? 'quick.json' : 'latest.json');
const workDir = mkdtempSync(join(os.tmpdir(), 'tori-bench-'));
const databaseName = `tori_bench_${Math.floor(Date.now() / 1000)}`;
let databaseCreated = false;

async function cleanUp() {
  await stopAllChildren();
  if (databaseCreated) await dropDatabase(databaseName);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping what the bench started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function machine(): Record<string, unknown> {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  // wrk -v exits 1 and nginx -v writes to stderr: the first line of either stream is the version.
  const version = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { encoding: 'utf8' });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0];
  };
  return {
    cpus: os.availableParallelism(),
    cpu,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    wrk: version('wrk', ['-v']),
    nginx: version('nginx', ['-v']),
    pgbench: version('pgbench', ['--version']),
    loadAtStart: loadAverage(),
  };
}

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

async function section(name: string, work: () => Promise<unknown>): Promise<void> {
  log(`— ${name}`);
  try {
    await work();
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    report.failed(name, error);
  }
}

async function main() {
  report.info.mode = quick ? 'quick' : 'full';
  report.info.date = new Date().toISOString();
  if (!postgresReady()) throw new Error('PostgreSQL does not answer on 127.0.0.1:5432 (pg_isready)');
  ensureTool('wrk', 'wrk');
  const nginxBin = ensureTool('nginx', 'nginx');
  ensureTool('pgbench', 'postgresql-client');
  report.info.machine = machine();

  log('building the site if needed');
  run(process.execPath, ['scripts/build-if-needed.ts']);

  await createDatabase(databaseName);
  databaseCreated = true;
  const databaseUrl = pgUrl(databaseName);
  report.info.postgres = await withClient(databaseUrl, async (c) => (await c.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v);

  log(`starting Tori on PostgreSQL (${databaseName}); the demo week is seeded on start`);
  const tori = await startTori('tori', workDir, { databaseUrl });
  const rssAtStart = rssMb(tori.child.pid);
  const size = quick ? QUICK : FULL;
  log(`generating ${size.events} events and ${size.signups} sign-ups`);
  const data = await withClient(databaseUrl, (c) => generate(c, size));
  log(
    `data: ${data.events} events (${data.upcomingEvents} upcoming), ${data.signups} sign-ups, ${data.groups} groups, ${data.places} places in ${data.seconds.toFixed(1)} s`,
  );
  const { hotEventId: _h, spreadEventIds: _s, hubId: _hub, ...dataInfo } = data;
  report.info.data = dataInfo;

  const ctx: Context = {
    quick,
    // A quick run checks that every figure can be measured (CI runs it): one second a figure.
    seconds: quick ? 1 : 10,
    workDir,
    runId: Date.now().toString(36),
    report,
    tori,
    databaseName,
    data,
    nginxBin,
    reportScript: writeReportScript(workDir),
  };

  let pagesAt50 = NaN;
  await section('pages', async () => {
    pagesAt50 = (await measurePages(ctx)).slowestAt50;
  });
  await section('page weight', () => measureWeight(ctx));
  await section('feeds', () => measureFeeds(ctx, pagesAt50));
  await section('sign-ups', () => measureSignups(ctx));
  await section('memory', async () => measureRss(ctx, rssAtStart));
  await section('plans', async () => {
    const plans = await explainQueries(databaseUrl);
    report.info.plans = plans;
    for (const p of plans) {
      log(
        `plan ${p.name}: ${p.ms} ms, indexes ${p.indexes.join(', ') || 'none'}${p.seqScans.length ? `, seq scans ${p.seqScans.join(', ')}` : ''}`,
      );
    }
  });
  await tori.child.stop();
  await section('mail', () => measureMail(ctx));
  await section('embedded database', () => measurePglite(ctx));
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  log(`could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  report.failed('setup', error);
} finally {
  await cleanUp();
}
report.info.loadAtEnd = loadAverage();
report.write(resultFile);
process.stdout.write(`\n${report.table()}\n\nResults: ${resultFile}\n`);
const missing = report.unmeasured;
if (failed || missing.length) {
  process.stdout.write(`Not measured: ${missing.map((f) => `${f.section}: ${f.name}`).join('; ')}\nLogs kept in ${workDir}\n`);
  process.exit(1);
}
rmSync(workDir, { recursive: true, force: true });
