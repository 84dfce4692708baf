import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Entry, PageCache } from './store.ts';

// Never kept with a page: they belong to one request or one connection.
const NOT_KEPT = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'vary']);

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

// RFC 9110 13.1.3: If-Modified-Since counts only without If-None-Match.
function notModifiedSince(req: IncomingMessage, entry: Entry): boolean {
  const since = req.headers['if-modified-since'];
  if (!since || req.headers['if-none-match'] !== undefined) return false;
  const modified = entry.headers.find(([name]) => name === 'last-modified')?.[1];
  if (typeof modified !== 'string') return false;
  const [a, b] = [Date.parse(since), Date.parse(modified)];
  return Number.isFinite(a) && Number.isFinite(b) && b <= a;
}

/** Answers from a kept entry: 304 when the client has it, else the bytes, compressed if taken. */
export function sendEntry(cache: PageCache, req: IncomingMessage, res: ServerResponse, entry: Entry, hit: boolean): void {
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  // Whether this answer came from the cache: for operators and the tests, it says nothing else.
  res.setHeader('X-Cache', hit ? 'hit' : 'miss');
  res.setHeader('ETag', entry.etag);
  if (entry.compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (matches(req.headers['if-none-match'], entry.etag) || notModifiedSince(req, entry)) {
    res.removeHeader('Content-Type');
    res.writeHead(304, 'Not Modified');
    res.end();
    return;
  }
  const { body, encoding } = cache.encoded(entry, req.headers['accept-encoding']);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.writeHead(entry.status, 'OK');
  res.end(req.method === 'HEAD' ? undefined : body);
}

function flatten(headers: OutgoingHttpHeaders): [string, string | string[]][] {
  const out: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out.push([name.toLowerCase(), Array.isArray(value) ? value.map(String) : String(value)]);
  }
  return out;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Renders through `handler` into memory, keeps a 200 without cookies, then answers from the
 * entry like a hit (so the first visitor gets the compressed bytes and a 304 too). The client's
 * conditional headers are held back from the renderer: the whole page is needed to keep it.
 */
export function renderAndKeep(cache: PageCache, key: string, req: IncomingMessage, res: ServerResponse, handler: Handler): void {
  const version = cache.version;
  const flight = { version, waiters: [] as ((entry: Entry | null) => void)[] };
  cache.flights.set(key, flight);
  const land = (entry: Entry | null) => {
    if (cache.flights.get(key) === flight) cache.flights.delete(key);
    for (const wake of flight.waiters.splice(0)) wake(entry);
  };
  // A render that never ends (the client left, the renderer failed) lets its waiters go.
  res.once('close', () => land(null));
  const { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = req.headers;
  delete req.headers['if-none-match'];
  delete req.headers['if-modified-since'];
  let status = 200;
  let written: OutgoingHttpHeaders = {};
  const chunks: Buffer[] = [];
  const own = res as unknown as Record<string, unknown>;
  own.writeHead = (code: number, ...rest: unknown[]) => {
    status = code;
    const headers = rest.find((r) => r && typeof r === 'object');
    if (headers) written = headers as OutgoingHttpHeaders;
    return res;
  };
  own.write = (chunk: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (done) queueMicrotask(done);
    return true;
  };
  own.end = (chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array));
    }
    delete own.writeHead;
    delete own.write;
    delete own.end;
    if (ifNoneMatch !== undefined) req.headers['if-none-match'] = ifNoneMatch;
    if (ifModifiedSince !== undefined) req.headers['if-modified-since'] = ifModifiedSince;
    const done = [chunk, ...rest].find((r) => typeof r === 'function') as (() => void) | undefined;
    if (done) res.once('finish', done);
    const headers = [...flatten(res.getHeaders()), ...flatten(written)];
    const body = Buffer.concat(chunks);
    const keep = status === 200 && req.method === 'GET' && !headers.some(([name]) => name === 'set-cookie');
    if (keep) {
      const mine = headers.filter(([name]) => !NOT_KEPT.has(name));
      const entry = cache.put(key, version, Date.now(), mine, body);
      land(entry);
      sendEntry(cache, req, res, entry, false);
    } else {
      land(null);
      res.writeHead(status, written);
      res.end(body);
    }
    return res;
  };
  handler(req, res);
}

/** The whole cache step in front of the renderer; returns without answering when not cacheable. */
export function answerCached(cache: PageCache, key: string | null, req: IncomingMessage, res: ServerResponse, handler: Handler): void {
  const entry = key && cache.enabled ? cache.get(key, Date.now()) : undefined;
  if (entry) {
    sendEntry(cache, req, res, entry, true);
    return;
  }
  if (!key || !cache.enabled || !cache.live || req.method !== 'GET') {
    handler(req, res);
    return;
  }
  const flight = cache.flights.get(key);
  // Only a render that began under the current version may answer: one begun before a change
  // may have read what the change replaced.
  if (flight && flight.version === cache.version) {
    flight.waiters.push((rendered) => {
      if (rendered && rendered.version === flight.version) sendEntry(cache, req, res, rendered, true);
      else handler(req, res);
    });
    return;
  }
  renderAndKeep(cache, key, req, res, handler);
}
