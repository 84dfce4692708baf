import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getConfig } from '../config.ts';

export type Db = PgDatabase<PgQueryResultHKT>;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs plain SQL and returns its rows; for the few statements the query builder cannot express. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` on one connection held for its whole duration (session-level locks need that). */
  onOneConnection<T>(fn: (session: Pick<DbHandle, 'db' | 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** PGlite in memory, started from a dumped data folder (the tests copy one migrated database). */
  loadDataDir?: Blob;
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  const url = options.url;
  if (url) {
    const sql = postgres(url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: 'tori' },
    });
    const query = (client: postgres.Sql) => async (text: string, params: unknown[] = []) =>
      [...(await client.unsafe(text, params as never[]))] as never;
    return {
      db: drizzlePostgres(sql) as unknown as Db,
      driver: 'postgres',
      query: query(sql),
      // A client of its own with one connection: drizzle cannot wrap a reserved connection.
      async onOneConnection(fn) {
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          return await fn({ db: drizzlePostgres(single) as unknown as Db, query: query(single) });
        } finally {
          await single.end({ timeout: 5 });
        }
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create(options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  } catch (error) {
    release();
    throw error;
  }
  const handle: DbHandle = {
    db: drizzlePglite(client) as unknown as Db,
    driver: 'pglite',
    query: async (text, params = []) => (await client.query(text, params)).rows as never,
    onOneConnection: (fn) => fn(handle),
    close: async () => {
      await client.close();
      release();
    },
  };
  return handle;
}

/**
 * PGlite has one opener and no lock of its own: a second process opening the same files would
 * corrupt them. A lock file with the owner's pid refuses that with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = `${dataDir}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    try {
      alive = owner > 0 && owner !== process.pid && process.kill(owner, 0);
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`the embedded database in ${dataDir} is in use by process ${owner}; stop it first (or use DATABASE_URL)`);
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

// One handle per process, kept on globalThis: the server entry (run by Node) and the built
// Astro bundle each hold their own copy of this module, and PGlite allows a single opener.
const KEY = Symbol.for('tori.database');
type GlobalWithDb = typeof globalThis & { [KEY]?: Promise<DbHandle> };

export function setDatabase(handle: Promise<DbHandle>): void {
  (globalThis as GlobalWithDb)[KEY] = handle;
}

export function getDatabase(): Promise<DbHandle> {
  const g = globalThis as GlobalWithDb;
  if (!g[KEY]) {
    const config = getConfig();
    g[KEY] = openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pgdata` });
  }
  return g[KEY];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
