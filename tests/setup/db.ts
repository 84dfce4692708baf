import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** A new, empty PostgreSQL database on the DATABASE_URL server; dropped by the returned function. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `tori_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
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
 * when DATABASE_URL is set. Call `close` in afterAll.
 */
export async function createTestDatabase(): Promise<DbHandle> {
  if (!usingPostgres) {
    const handle = await openDatabase({});
    await runMigrations(handle);
    return handle;
  }
  const scratch = await createScratchDatabase();
  const handle = await openDatabase({ url: scratch.url });
  await runMigrations(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}
