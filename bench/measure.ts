// The measurements, one function per section of the table. Each adds its figures to the report.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DataSet } from './data.ts';
import type { Report } from './report.ts';
import { startBareNode, startNginx, startSmtpSink, startTori, type StaticFile, type Tori } from './servers.ts';
import { createDatabase, dropDatabase, log, pgUrl, rssMb, run, runAsync, sleep, startChild, withClient } from './tools.ts';
import { runWrk, writeSignupScript, type WrkResult } from './wrk.ts';

export interface Context {
  quick: boolean;
  /** Length of each wrk run. */
  seconds: number;
  workDir: string;
  runId: string;
  report: Report;
  tori: Tori;
  databaseName: string;
  data: DataSet;
  nginxBin: string;
  reportScript: string;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/** A GET with exactly these headers (fetch would add Accept-Encoding), timed to the last byte. */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - began }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function getOk(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const answer = await getRaw(url, headers);
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  return answer;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const kb = (bytes: number) => bytes / 1024;

// ---- 1. Pages against nginx and a bare node:http server serving the very same bytes ----

export const CONNECTIONS = [50, 100];

export async function measurePages(ctx: Context): Promise<{ slowestAt50: number }> {
  const { report, tori } = ctx;
  const section = 'Pages (wrk, 2 threads)';
  const pages = [
    { key: 'listing', path: '/fi/events' },
    { key: 'event', path: `/fi/events/${ctx.data.eventSlug}` },
    { key: 'home', path: '/fi/' },
  ];
  // The bytes as Tori sends them to wrk, which asks for no compression.
  const files: StaticFile[] = [];
  for (const page of pages) {
    const answer = await getOk(tori.url + page.path);
    files.push({ path: page.path, body: answer.body, contentType: String(answer.headers['content-type'] ?? 'text/html') });
    ctx.report.info[`bytes:${page.key}`] = answer.body.length;
  }
  const nginx = await startNginx(ctx.nginxBin, ctx.workDir, files);
  const bare = await startBareNode(ctx.workDir, files);
  const servers = [
    { name: 'tori', url: tori.url },
    { name: 'nginx', url: nginx.url },
    { name: 'node', url: bare.url },
  ];
  let slowestAt50 = Infinity;
  try {
    // A short warm-up of each: the JIT and the page cache are part of the steady state measured.
    for (const page of pages) {
      for (const s of servers) await runWrk({ url: s.url + page.path, connections: 50, seconds: 1, script: ctx.reportScript });
    }
    for (const page of pages) {
      for (const connections of CONNECTIONS) {
        const results: Record<string, WrkResult> = {};
        for (const s of servers) {
          results[s.name] = await runWrk({ url: s.url + page.path, connections, seconds: ctx.seconds, script: ctx.reportScript });
        }
        const t = results.tori!;
        const label = `${page.key} ${page.path.length > 20 ? '/fi/events/…' : page.path} @${connections}`;
        log(
          `${label}: tori ${t.requestsPerSecond.toFixed(0)}/s p99 ${t.p99Ms.toFixed(1)} ms, nginx ${results.nginx!.requestsPerSecond.toFixed(0)}/s, node ${results.node!.requestsPerSecond.toFixed(0)}/s`,
        );
        const errors = t.errors ? `${t.errors} errors` : undefined;
        report.add(section, `${label} Tori`, t.requestsPerSecond, 'req/s', undefined, errors);
        report.add(section, `${label} Tori p99`, t.p99Ms, 'ms');
        report.add(section, `${label} nginx`, results.nginx!.requestsPerSecond, 'req/s');
        report.add(section, `${label} bare node:http`, results.node!.requestsPerSecond, 'req/s');
        report.add(section, `${label} ratio to nginx`, t.requestsPerSecond / results.nginx!.requestsPerSecond, '×', {
          op: '>=',
          target: 0.4,
        });
        report.add(section, `${label} ratio to node:http`, t.requestsPerSecond / results.node!.requestsPerSecond, '×', {
          op: '>=',
          target: 0.85,
        });
        if (connections === 50) slowestAt50 = Math.min(slowestAt50, t.requestsPerSecond);
      }
    }
  } finally {
    await nginx.child.stop();
    await bare.child.stop();
  }
  return { slowestAt50 };
}

// ---- 3. Feeds: generating them, and the 304 path ----

export const FEEDS = [
  { key: 'calendar.ics', path: '/calendar.ics' },
  // The API's largest page (API_MAX_LIMIT); the rest of the programme follows `next`.
  { key: 'api events', path: '/api/v1/events?limit=200' },
];

export async function measureFeeds(ctx: Context, pagesAt50: number): Promise<void> {
  const section = 'Feeds and API reads';
  const { report, tori } = ctx;
  const etags: Record<string, string> = {};
  // The data generation just notified every instance: the main server renders these afresh.
  for (const feed of FEEDS) {
    const first = await getOk(tori.url + feed.path);
    etags[feed.key] = String(first.headers.etag ?? '');
    const count =
      feed.key === 'calendar.ics'
        ? (first.body.toString('utf8').match(/^BEGIN:VEVENT/gm) ?? []).length
        : (JSON.parse(first.body.toString('utf8')) as { events: unknown[] }).events.length;
    report.add(
      section,
      `${feed.key}: first request after a change (cold)`,
      first.ms,
      'ms',
      undefined,
      `${count} events, ${kb(first.body.length).toFixed(0)} KB`,
    );
  }
  // Every request rendered: a second server with the page cache off (PAGE_CACHE_SECONDS=0).
  // A cache-busting query parameter would do for the calendar, but the API refuses parameters
  // it does not know (400), so both are measured the same way here.
  const uncached = await startTori('tori-nocache', ctx.workDir, {
    databaseUrl: pgUrl(ctx.databaseName),
    env: { PAGE_CACHE_SECONDS: '0' },
  });
  try {
    for (const feed of FEEDS) {
      for (let i = 0; i < 2; i++) await getOk(uncached.url + feed.path);
      const times: number[] = [];
      for (let i = 0; i < (ctx.quick ? 5 : 15); i++) times.push((await getOk(uncached.url + feed.path)).ms);
      report.add(section, `${feed.key}: time to generate (cache off, median)`, median(times), 'ms', { op: '<=', target: 50 });
    }
  } finally {
    await uncached.child.stop();
  }
  for (const feed of FEEDS) {
    if (!etags[feed.key]) {
      report.add(section, `${feed.key}: 304 with If-None-Match`, null, 'req/s', undefined, 'no ETag');
      continue;
    }
    const check = await getRaw(tori.url + feed.path, { 'If-None-Match': etags[feed.key]! });
    if (check.status !== 304) throw new Error(`${feed.path} with its own ETag answered ${check.status}, not 304`);
    const r = await runWrk({
      url: tori.url + feed.path,
      connections: 50,
      seconds: ctx.seconds,
      script: ctx.reportScript,
      headers: { 'If-None-Match': etags[feed.key]! },
    });
    log(`${feed.key} 304: ${r.requestsPerSecond.toFixed(0)}/s p99 ${r.p99Ms.toFixed(1)} ms`);
    report.add(section, `${feed.key}: 304 with If-None-Match @50`, r.requestsPerSecond, 'req/s');
    report.add(
      section,
      `${feed.key}: 304 ratio to the slowest page @50`,
      r.requestsPerSecond / pagesAt50,
      '×',
      { op: '>=', target: 0.9 },
      'as fast as the pages',
    );
  }
}

// ---- 2. Sign-ups through the API against pgbench on the same server ----

export async function measureSignups(ctx: Context): Promise<void> {
  const section = 'Sign-ups (POST /api/v1/events/{id}/signups, 50 connections)';
  const { report, tori } = ctx;
  const connections = 50;
  const runs = [
    { key: 'one hot event', ids: [ctx.data.hotEventId] },
    { key: `spread over ${ctx.data.spreadEventIds.length} events`, ids: ctx.data.spreadEventIds },
  ];
  const rates: number[] = [];
  for (const [i, r] of runs.entries()) {
    const script = writeSignupScript(ctx.workDir, `signup-${i}`, r.ids, `${ctx.runId}${i}`);
    const result = await runWrk({ url: tori.url, connections, seconds: ctx.seconds, script });
    const perSecond = (result.created ?? 0) / result.seconds;
    rates.push(perSecond);
    log(
      `sign-ups, ${r.key}: ${perSecond.toFixed(0)}/s (${result.created} created of ${result.requests}), p99 ${result.p99Ms.toFixed(0)} ms`,
    );
    const refused = result.requests - (result.created ?? 0);
    report.add(
      section,
      `${r.key}: sign-ups/s`,
      perSecond,
      '/s',
      undefined,
      refused ? `${refused} of ${result.requests} not created` : undefined,
    );
    report.add(section, `${r.key}: p99`, result.p99Ms, 'ms');
  }

  // pgbench: the built-in TPC-B-like script, scale 1, as many clients, on a database of its own.
  const pgbDb = `${ctx.databaseName}_pgbench`;
  await createDatabase(pgbDb);
  let tps: number | null = null;
  try {
    await runAsync('pgbench', ['-h', '127.0.0.1', '-U', 'postgres', '-i', '-s', '1', '-q', pgbDb]);
    const out = await runAsync('pgbench', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-c',
      String(connections),
      '-j',
      '2',
      '-T',
      // Fifty clients connecting take most of a second on a busy machine: never under two seconds.
      String(Math.max(2, ctx.seconds)),
      pgbDb,
    ]);
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
    tps = match ? Number(match[1]) : null;
  } finally {
    await dropDatabase(pgbDb);
  }
  log(`pgbench: ${tps?.toFixed(0)} tps`);
  report.add(section, `pgbench TPC-B-like, scale 1, ${connections} clients`, tps, 'tps');
  for (const [i, r] of runs.entries()) {
    report.add(section, `${r.key}: ratio to pgbench`, tps ? rates[i]! / tps : null, '×', { op: '>=', target: 0.5 });
  }

  // No event over capacity, and every counter equal to its sign-ups (the operators' own check).
  const over = await withClient(pgUrl(ctx.databaseName), async (c) => {
    const { rows } = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE capacity IS NOT NULL AND seats_taken > capacity',
    );
    return rows[0]!.n;
  });
  report.add(section, 'events over capacity after the runs', over, '', { op: '<=', target: 0 });
  let broken = 0;
  try {
    run(process.execPath, ['src/cli.ts', 'check'], { env: { ...process.env, DATABASE_URL: pgUrl(ctx.databaseName), LOG_LEVEL: 'warn' } });
  } catch (error) {
    const lines = String(error instanceof Error ? error.message : error).split('\n');
    broken = Math.max(1, lines.filter((l) => l.includes('seats_taken')).length);
  }
  report.add(section, 'events whose counters disagree (npm run cli -- check)', broken, '', { op: '<=', target: 0 });
}

// ---- 4. Email from the outbox into a local SMTP sink ----

export async function measureMail(ctx: Context): Promise<void> {
  const section = 'Email into a local SMTP sink';
  const { report } = ctx;
  const pending = await withClient(pgUrl(ctx.databaseName), async (c) => {
    const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND channel = 'email'");
    return rows[0]!.n;
  });
  const n = Math.min(pending, ctx.quick ? 150 : 1_000);
  // Generous: on a busy machine the worker has been seen at a few dozen messages a second.
  const timeoutMs = 60_000 + n * 200;
  if (n < 20) throw new Error(`only ${pending} messages are queued (the sign-up runs should have queued them)`);
  const sink = await startSmtpSink(ctx.workDir);
  try {
    const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
    const worker = startChild('worker', process.execPath, ['src/worker.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: pgUrl(ctx.databaseName),
        SMTP_URL: smtpUrl,
        LOG_LEVEL: 'warn',
        MAIL_POLL_MS: '200',
      },
      logFile: join(ctx.workDir, 'worker.log'),
    });
    const tori = await sink.arrivals(n, timeoutMs);
    await worker.stop();
    if (tori.count < n) throw new Error(`the worker delivered ${tori.count} of ${n} messages in ${timeoutMs / 1000} s`);
    const toriRate = ((n - 1) * 1000) / (tori.last - tori.first);
    const size = sink.averageBytes();
    log(`mail worker: ${toriRate.toFixed(0)} messages/s (${n}, ${size.toFixed(0)} bytes each)`);

    // The same number of messages of about the same size, nodemailer alone.
    sink.reset();
    const sample = join(ctx.workDir, 'mail-sample.json');
    const text = 'Tervetuloa! Welcome! أهلاً بكم! '.repeat(Math.max(1, Math.round(size / 3 / 40)));
    writeFileSync(
      sample,
      JSON.stringify({ subject: 'Ilmoittautuminen vahvistettu / Sign-up confirmed', text, html: `<p>${text}</p>`.repeat(2) }),
    );
    const loop = startChild('mail-loop', process.execPath, ['bench/mail-loop.ts', smtpUrl, String(n), sample], {
      logFile: join(ctx.workDir, 'mail-loop.log'),
    });
    const bare = await sink.arrivals(n, timeoutMs);
    await loop.exited;
    await loop.stop();
    if (bare.count < n) throw new Error(`the nodemailer loop delivered ${bare.count} of ${n} messages`);
    const bareRate = ((n - 1) * 1000) / (bare.last - bare.first);
    log(`nodemailer loop: ${bareRate.toFixed(0)} messages/s (${sink.averageBytes().toFixed(0)} bytes each)`);
    report.add(section, `Tori's worker (${n} queued messages)`, toriRate, 'msg/s', undefined, `${(size / 1024).toFixed(1)} KB each`);
    report.add(
      section,
      'bare nodemailer loop, same transport options',
      bareRate,
      'msg/s',
      undefined,
      `${(sink.averageBytes() / 1024).toFixed(1)} KB each`,
    );
    report.add(section, 'ratio to nodemailer', toriRate / bareRate, '×', { op: '>=', target: 0.7 });
  } finally {
    await sink.child.stop();
  }
}

// ---- 5. Memory ----

export function measureRss(ctx: Context, atStart: number | null): void {
  const rss = rssMb(ctx.tori.child.pid);
  log(`server RSS after the load: ${rss?.toFixed(0)} MB (${atStart?.toFixed(0)} MB after start)`);
  ctx.report.add('Memory', 'server RSS after start, PostgreSQL', atStart, 'MB');
  ctx.report.add('Memory', 'server RSS at the end of the load, PostgreSQL', rss, 'MB', { op: '<=', target: 200 });
}

/** Tori on the embedded database (PGlite in a temporary DATA_DIR, demo week only) under a short load. */
export async function measurePglite(ctx: Context): Promise<void> {
  const section = 'Memory';
  const dataDir = join(ctx.workDir, 'pglite-data');
  const tori = await startTori('tori-pglite', ctx.workDir, { dataDir });
  let afterStart: number | null = null;
  let afterLoad: number | null = null;
  try {
    await sleep(1_000);
    afterStart = rssMb(tori.child.pid);
    await runWrk({ url: `${tori.url}/fi/events`, connections: 50, seconds: ctx.seconds, script: ctx.reportScript });
    await runWrk({ url: `${tori.url}/calendar.ics`, connections: 10, seconds: Math.max(1, ctx.seconds / 2), script: ctx.reportScript });
    afterLoad = rssMb(tori.child.pid);
  } finally {
    await tori.child.stop();
  }
  // The database alone in a bare Node process: what PGlite itself holds.
  const alone = await runAsync(process.execPath, ['bench/pglite-alone.ts', join(dataDir, 'pgdata')]);
  const aloneMb = Number(/rss=(\d+(\.\d+)?)/.exec(alone)?.[1]);
  log(`PGlite: server ${afterStart?.toFixed(0)} MB after start, ${afterLoad?.toFixed(0)} MB after load; PGlite alone ${aloneMb} MB`);
  ctx.report.add(section, 'server RSS after start, embedded PGlite (demo week)', afterStart, 'MB');
  ctx.report.add(section, 'server RSS after a short load, embedded PGlite', afterLoad, 'MB');
  ctx.report.add(section, 'PGlite alone in a bare Node process (open + one query)', aloneMb, 'MB');
}

// ---- 6. Page weight: HTML with its CSS, gzipped; JavaScript a page needs ----

export async function measureWeight(ctx: Context): Promise<void> {
  const section = 'Page weight (HTML + CSS, gzipped; JavaScript)';
  const pages = [
    { key: 'home', path: '/fi/' },
    { key: 'listing', path: '/fi/events' },
    { key: 'event', path: `/fi/events/${ctx.data.eventSlug}` },
    { key: 'groups', path: '/fi/groups' },
    { key: 'place', path: `/fi/places/${ctx.data.placeSlug}` },
  ];
  for (const page of pages) {
    const html = (await getOk(ctx.tori.url + page.path)).body.toString('utf8');
    let bytes = gzipSync(html).length;
    const styles = [...html.matchAll(/<link\b[^>]*\brel="?stylesheet"?[^>]*>/g)]
      .map((m) => /\bhref="([^"]+)"/.exec(m[0])?.[1])
      .filter((h): h is string => !!h);
    for (const href of styles) bytes += gzipSync((await getOk(new URL(href, ctx.tori.url + page.path).href)).body).length;
    // JSON-LD and other data blocks are not code; anything else in a <script> is.
    let scripts = 0;
    let scriptBytes = 0;
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const type = /\btype="([^"]+)"/.exec(m[1]!)?.[1];
      if (type && /json/.test(type)) continue;
      scripts++;
      const src = /\bsrc="([^"]+)"/.exec(m[1]!)?.[1];
      scriptBytes += src ? (await getOk(new URL(src, ctx.tori.url + page.path).href)).body.length : m[2]!.length;
    }
    ctx.report.add(
      section,
      `${page.key} ${page.path.length > 20 ? `${page.path.slice(0, 12)}…` : page.path}`,
      kb(bytes),
      'KB',
      { op: '<=', target: 50 },
      `${styles.length} stylesheet(s)`,
    );
    ctx.report.add(
      section,
      `${page.key}: script elements that run`,
      scripts,
      '',
      { op: '<=', target: 0 },
      scriptBytes ? `${scriptBytes} bytes` : undefined,
    );
  }
}
