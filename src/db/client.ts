import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { getConfig, type Config } from '#config';
import { lockDataDir } from './data-dir-lock.ts';

export type Db = PgDatabase<PgQueryResultHKT>;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs plain SQL and returns its rows; for the few statements the query builder cannot express. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` on one connection held for its whole duration (session-level locks need that). */
  onOneConnection<T>(fn: (session: Pick<DbHandle, 'db' | 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Listens on a NOTIFY channel over a connection of its own. `lost` settles when that
   * connection ends; `ping` fails when it no longer answers (a dead network can look alive).
   */
  listen(channel: string, onNotify: () => void): Promise<Listening>;
}

export interface Listening {
  lost: Promise<unknown>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_]{1,63}$/;

/** Limits on every PostgreSQL call (docs/decisions/014-resilience-driver.md). 0 = no limit. */
export interface DbLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** Waiting for a free connection of a busy pool (not for a new connection: connectTimeoutMs). */
  poolWaitMs: number;
}

// The same as src/config.ts's defaults, for tests and tools that open a database directly.
export const DEFAULT_LIMITS: DbLimits = {
  connectTimeoutMs: 3_000,
  statementTimeoutMs: 4_000,
  lockTimeoutMs: 2_000,
  idleInTransactionTimeoutMs: 10_000,
  poolWaitMs: 30_000,
};

export function limitsFromConfig(config: Config): DbLimits {
  return {
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DB_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    poolWaitMs: config.DB_POOL_WAIT_MS,
  };
}

export interface OpenOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  /** PGlite in memory, started from a dumped data folder (the tests copy one migrated database). */
  loadDataDir?: Blob;
  maxConnections?: number;
  limits?: DbLimits;
  /** Told of a connection that broke while nobody was using it (the pool drops it and goes on). */
  onConnectionError?: (error: Error) => void;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  const url = options.url;
  if (url) {
    const limits = options.limits ?? DEFAULT_LIMITS;
    // The pool's connectionTimeoutMillis is also handed to each new client; this one keeps its
    // own, shorter limit, so that a burst may queue longer than a dead server may take to refuse.
    class LimitedClient extends pg.Client {
      constructor(config: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: limits.connectTimeoutMs });
      }
    }
    const pool = new pg.Pool({
      Client: LimitedClient as never,
      connectionString: url,
      max: options.maxConnections ?? 10,
      application_name: 'tori',
      connectionTimeoutMillis: Math.max(limits.poolWaitMs, limits.connectTimeoutMs),
      // Sent at connection start-up, so the server enforces them on every statement.
      statement_timeout: limits.statementTimeoutMs || undefined,
      lock_timeout: limits.lockTimeoutMs || undefined,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs || undefined,
      // The client's own limit, for a server that stops answering altogether (a dead network).
      query_timeout: limits.statementTimeoutMs ? limits.statementTimeoutMs + 1_000 : undefined,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    });
    const report = (error: Error) => options.onConnectionError?.(error);
    // Without these listeners a connection that breaks (pg_terminate_backend, a restart) is an
    // 'error' event nobody handles, and Node ends the process. The pool's covers idle clients;
    // the client's own covers one checked out between two queries of a transaction.
    pool.on('error', report);
    pool.on('connect', (client) => client.on('error', report));
    const query =
      (runner: pg.Pool | pg.PoolClient | pg.Client) =>
      async (text: string, params: unknown[] = []) =>
        (await runner.query(text, params)).rows as never;
    return {
      db: drizzlePostgres(pool) as unknown as Db,
      driver: 'postgres',
      query: query(pool),
      async onOneConnection(fn) {
        // A client of its own, not one of the pool's: the pool gives every client a client-side
        // query_timeout that a session cannot lift, and a migration (which lifts the server's
        // limits) or a wait for the migration lock may rightly take longer than that.
        const client = new pg.Client({
          connectionString: url,
          application_name: 'tori',
          connectionTimeoutMillis: limits.connectTimeoutMs,
          statement_timeout: limits.statementTimeoutMs || undefined,
          lock_timeout: limits.lockTimeoutMs || undefined,
          idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs || undefined,
          keepAlive: true,
        });
        client.on('error', report);
        await client.connect();
        try {
          return await fn({ db: drizzlePostgres(client) as unknown as Db, query: query(client) });
        } finally {
          // Closed, not reused: its session settings and any lock left by a failure die with it.
          await client.end().catch(() => undefined);
        }
      },
      async listen(channel, onNotify) {
        if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
        const client = new pg.Client({
          connectionString: url,
          application_name: 'tori-changes',
          connectionTimeoutMillis: limits.connectTimeoutMs,
          query_timeout: Math.max(limits.connectTimeoutMs, 1_000),
          keepAlive: true,
        });
        let markLost: (reason: unknown) => void = () => {};
        const lost = new Promise<unknown>((resolve) => {
          markLost = resolve;
        });
        client.on('error', (error) => {
          report(error);
          markLost(error);
        });
        client.on('end', () => markLost(new Error('connection ended')));
        client.on('notification', (message) => {
          if (message.channel === channel) onNotify();
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${channel}`);
        } catch (error) {
          await client.end().catch(() => undefined);
          throw error;
        }
        return {
          lost,
          ping: async () => void (await client.query('SELECT 1')),
          close: () => client.end().catch(() => undefined),
        };
      },
      close: () => pool.end(),
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
    async listen(channel, onNotify) {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
      // One process holds the embedded database: its notifications never get lost.
      const unlisten = await client.listen(channel, () => onNotify());
      return {
        lost: new Promise(() => {}),
        ping: async () => void (await client.query('SELECT 1')),
        close: () => unlisten(),
      };
    },
    close: async () => {
      await client.close();
      release();
    },
  };
  return handle;
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
    g[KEY] = openDatabase({
      url: config.DATABASE_URL,
      dataDir: `${config.DATA_DIR}/pgdata`,
      limits: limitsFromConfig(config),
      maxConnections: config.DB_POOL_SIZE,
    });
  }
  return g[KEY];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
