import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DbHandle } from '#db/client.ts';
import type { TemplateKind, Templates } from './templates.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** The prepared databases of this run (see templates.ts and global.ts). */
export function templates(): Templates {
  return inject('toriTemplates');
}

/**
 * A new PostgreSQL database on the DATABASE_URL server, empty or copied from one of the run's
 * templates (`CREATE DATABASE … TEMPLATE`, much faster than migrating); dropped by `drop`.
 */
export async function createScratchDatabase(
  options: { template?: TemplateKind } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `tori_test_${randomBytes(6).toString('hex')}`;
  const template = options.template ? templates().postgres![options.template] : null;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(base.toString(), { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * A migrated database for one test file: PGlite in memory, or a fresh PostgreSQL database
 * when DATABASE_URL is set; both copied from the run's migrated template. Call `close` in afterAll.
 */
export async function createTestDatabase(): Promise<DbHandle> {
  if (!usingPostgres) {
    const tarball = readFileSync(templates().pglite!.migratedTarball);
    return openDatabase({ loadDataDir: new Blob([tarball]) });
  }
  const scratch = await createScratchDatabase({ template: 'migrated' });
  const handle = await openDatabase({ url: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * Opens the data of a server or worker (its data directory or PostgreSQL database) from the
 * test. On PGlite only while no server or worker has it open (one opener).
 */
export function openStorage(storage: { dataDir: string; databaseUrl: string }, maxConnections = 1): Promise<DbHandle> {
  return openDatabase(storage.databaseUrl ? { url: storage.databaseUrl, maxConnections } : { dataDir: `${storage.dataDir}/pgdata` });
}
