// wrk runs and what they print: a Lua `done` hook writes one JSON line that is read back here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAsync } from './tools.ts';

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  seconds: number;
  /** Socket errors and timeouts, and answers with a status of 400 or more. */
  errors: number;
  /** Sign-up scripts only: answers 201 (confirmed or waitlisted). */
  created?: number;
}

// Totals over every thread: each thread runs its own Lua state, `setup` keeps a handle on each.
const REPORT = `
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
done = function(summary, latency, requests)
  local created = 0
  for _, t in ipairs(threads) do created = created + (t:get("created") or 0) end
  local e = summary.errors
  io.write(string.format('\\nBENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"created":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout, created))
end
`;

export function writeReportScript(dir: string): string {
  const file = join(dir, 'report.lua');
  writeFileSync(file, REPORT);
  return file;
}

/**
 * Sign-ups through the public API: every request a new person (unique email) from an address of
 * its own (X-Forwarded-For, read because the bench server runs with TRUST_PROXY=true), spread
 * over `eventIds` in turn (one id: the hot event).
 */
export function writeSignupScript(dir: string, name: string, eventIds: string[], runId: string): string {
  const file = join(dir, `${name}.lua`);
  writeFileSync(
    file,
    `${REPORT}
local ids = { ${eventIds.map((id) => `"${id}"`).join(', ')} }
local counter = 0
created = 0
function request()
  counter = counter + 1
  local id = ids[((counter * 7919 + tid) % #ids) + 1]
  local body = string.format('{"name":"Bench %d","email":"b-${runId}-%d-%d@example.org","adults":1,"consent":true,"language":"fi"}', counter, tid, counter)
  local ip = string.format("10.%d.%d.%d", tid, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/api/v1/events/" .. id .. "/signups",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip, ["Accept-Language"] = "fi" }, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 end
end
`,
  );
  return file;
}

export async function runWrk(options: {
  url: string;
  connections: number;
  seconds: number;
  script: string;
  headers?: Record<string, string>;
  threads?: number;
}): Promise<WrkResult> {
  const args = [
    '-t',
    String(options.threads ?? 2),
    '-c',
    String(options.connections),
    '-d',
    `${options.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    options.script,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  args.push(options.url);
  const out = await runAsync('wrk', args);
  const line = out.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`wrk printed no result for ${options.url}: ${out.slice(-500)}`);
  const r = JSON.parse(line.slice(6)) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p99_us: number;
    errors: number;
    created: number;
  };
  const seconds = r.duration_us / 1e6;
  return {
    requestsPerSecond: r.requests / seconds,
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
    requests: r.requests,
    seconds,
    errors: r.errors,
    created: r.created,
  };
}
