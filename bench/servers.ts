// The servers a run starts: Tori itself, nginx and a bare node:http server handing out the same
// bytes, and a local SMTP sink. Each is a child process stopped by its recorded PID.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startChild, waitForHttp, type Child } from './tools.ts';

export interface Tori {
  child: Child;
  url: string;
}

/** `node src/server.ts` in production mode; PostgreSQL when `databaseUrl` is given, else PGlite in `dataDir`. */
export async function startTori(
  name: string,
  workDir: string,
  options: { databaseUrl?: string; dataDir?: string; env?: Record<string, string> },
): Promise<Tori> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    MAIL_WORKER: 'off',
    SEED_DEMO: 'true',
    // Each sign-up request says it comes from an address of its own (see bench/wrk.ts): the
    // per-address limits are real and would otherwise stop a load test from one machine.
    TRUST_PROXY: 'true',
    // The default level: a JSON line per request is part of what production pays.
    LOG_LEVEL: 'info',
    DATA_DIR: options.dataDir ?? join(workDir, `${name}-data`),
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = startChild(name, process.execPath, ['--max-semi-space-size=16', 'src/server.ts'], {
    env,
    logFile: join(workDir, `${name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, child);
  return { child, url };
}

export interface StaticFile {
  /** URL path, e.g. /listing */
  path: string;
  body: Buffer;
  contentType: string;
}

/** nginx with its own prefix and config in `workDir`, one worker process, serving `files` from disk. */
export async function startNginx(nginxBin: string, workDir: string, files: StaticFile[]): Promise<{ child: Child; url: string }> {
  const dir = join(workDir, 'nginx');
  const root = join(dir, 'root');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(root, { recursive: true });
  const locations = files.map((f, i) => {
    const file = `page-${i}`;
    writeFileSync(join(root, file), f.body);
    return `    location = ${f.path} { default_type "${f.contentType}"; try_files /${file} =404; }`;
  });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `# Written by bench/servers.ts for one run.
daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${join(dir, 'tmp-body')};
  proxy_temp_path ${join(dir, 'tmp-proxy')};
  fastcgi_temp_path ${join(dir, 'tmp-fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp-uwsgi')};
  scgi_temp_path ${join(dir, 'tmp-scgi')};
  server {
    listen 127.0.0.1:${port};
    root ${root};
${locations.join('\n')}
  }
}
`,
  );
  const child = startChild('nginx', nginxBin, ['-p', dir, '-c', conf], { logFile: join(dir, 'logs', 'stderr.log') });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${files[0]!.path}`, child, 20_000);
  return { child, url };
}

/** A bare node:http server (bench/static-server.ts) answering `files` from memory. */
export async function startBareNode(workDir: string, files: StaticFile[]): Promise<{ child: Child; url: string }> {
  const manifest = join(workDir, 'bare-files');
  mkdirSync(manifest, { recursive: true });
  const entries = files.map((f, i) => {
    const file = join(manifest, String(i));
    writeFileSync(file, f.body);
    return { path: f.path, file, contentType: f.contentType };
  });
  writeFileSync(join(manifest, 'manifest.json'), JSON.stringify(entries));
  const port = await freePort();
  const child = startChild(
    'bare-node',
    process.execPath,
    [join(ROOT, 'bench/static-server.ts'), String(port), join(manifest, 'manifest.json')],
    {
      logFile: join(workDir, 'bare-node.log'),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${files[0]!.path}`, child, 20_000);
  return { child, url };
}

export interface SmtpSink {
  child: Child;
  port: number;
  /** Resolves with the time (ms, performance clock of this process) the n-th message since `reset` arrived. */
  arrivals(n: number, timeoutMs: number): Promise<{ first: number; last: number; count: number }>;
  reset(): void;
  /** Mean size of the messages received since `reset`. */
  averageBytes(): number;
}

/** bench/smtp-sink.ts in a child: accepts every message and reports each one over IPC. */
export async function startSmtpSink(workDir: string): Promise<SmtpSink> {
  const port = await freePort();
  const child = startChild('smtp-sink', process.execPath, [join(ROOT, 'bench/smtp-sink.ts'), String(port)], {
    logFile: join(workDir, 'smtp-sink.log'),
    ipc: true,
  });
  let times: number[] = [];
  let bytes = 0;
  let waiting: (() => void) | null = null;
  child.process.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'bytes' in m) {
      times.push(performance.now());
      bytes += Number(m.bytes);
      waiting?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (m === 'ready') {
        child.process.off('message', onMessage);
        resolve();
      }
    };
    child.process.on('message', onMessage);
    child.exited.then((code) => reject(new Error(`smtp sink exited with ${code}`)));
  });
  return {
    child,
    port,
    reset() {
      times = [];
      bytes = 0;
    },
    averageBytes: () => (times.length ? bytes / times.length : 0),
    async arrivals(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (times.length < n && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          waiting = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiting = null;
      }
      return { first: times[0] ?? 0, last: times[Math.min(n, times.length) - 1] ?? 0, count: times.length };
    },
  };
}
