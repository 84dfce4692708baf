import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Rendered public answers kept in memory (docs/decisions/026). An entry is good while the
 * database's content has not changed since it was rendered (`version`, moved by the change
 * feed) and for at most `ttlMs` (pages name "today" and hide what has ended).
 */
export interface Entry {
  key: string;
  version: number;
  expiresAt: number;
  status: number;
  headers: [string, string | string[]][];
  body: Buffer;
  etag: string;
  compressible: boolean;
  gzip?: Buffer;
  br?: Buffer;
  size: number;
}

// Below this a compressed copy saves too little to be worth a second buffer.
const COMPRESS_FROM_BYTES = 1_024;

export class PageCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  /** Moves on every change of content; an entry rendered under an older version is not used. */
  version = 0;
  /** False while the change feed is down: nothing is served from or kept in the cache. */
  live = false;
  /**
   * Renders in progress, by key: a request that finds one waits for its result instead of
   * rendering the same page again (after a change every page is forgotten at once, and a burst
   * of visitors would otherwise all render it together).
   */
  readonly flights = new Map<string, { version: number; waiters: ((entry: Entry | null) => void)[] }>();

  readonly ttlMs: number;
  readonly maxBytes: number;

  constructor(ttlMs: number, maxBytes: number) {
    this.ttlMs = ttlMs;
    this.maxBytes = maxBytes;
  }

  get enabled(): boolean {
    return this.ttlMs > 0 && this.maxBytes > 0;
  }

  changed(): void {
    this.version++;
    this.entries.clear();
    this.bytes = 0;
  }

  setLive(live: boolean): void {
    this.live = live;
    this.changed();
  }

  get(key: string, now: number): Entry | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== this.version || entry.expiresAt <= now) {
      this.drop(key, entry);
      return undefined;
    }
    // Least recently used goes first: a Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps a rendered 200; `version` is the one read before rendering began. */
  put(key: string, version: number, now: number, headers: [string, string | string[]][], body: Buffer): Entry {
    const etag = headerValue(headers, 'etag') ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const type = headerValue(headers, 'content-type') ?? '';
    const entry: Entry = {
      key,
      version,
      expiresAt: now + this.ttlMs,
      status: 200,
      headers: headers.filter(([name]) => name !== 'etag'),
      body,
      etag,
      compressible: body.length >= COMPRESS_FROM_BYTES && /^(text\/|application\/(json|xml|javascript))/.test(type),
      size: body.length + 512,
    };
    if (!this.live || version !== this.version || entry.size > this.maxBytes / 4) return entry;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.size;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, e);
    }
    return entry;
  }

  /** The body in the best encoding the client takes, compressed once and kept. */
  encoded(entry: Entry, acceptEncoding: string | undefined): { body: Buffer; encoding: 'br' | 'gzip' | null } {
    if (!entry.compressible || !acceptEncoding) return { body: entry.body, encoding: null };
    if (accepts(acceptEncoding, 'br')) {
      if (!entry.br) {
        entry.br = brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
        this.grow(entry, entry.br.length);
      }
      return { body: entry.br, encoding: 'br' };
    }
    if (accepts(acceptEncoding, 'gzip')) {
      if (!entry.gzip) {
        entry.gzip = gzipSync(entry.body, { level: 6 });
        this.grow(entry, entry.gzip.length);
      }
      return { body: entry.gzip, encoding: 'gzip' };
    }
    return { body: entry.body, encoding: null };
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private grow(entry: Entry, by: number) {
    entry.size += by;
    if (this.entries.get(entry.key) === entry) this.bytes += by;
  }

  private drop(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}

function headerValue(headers: [string, string | string[]][], name: string): string | undefined {
  const found = headers.find(([n]) => n === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/** Whether an Accept-Encoding header takes `coding` (a q=0 refuses it). */
export function accepts(header: string, coding: string): boolean {
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name !== coding && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}
