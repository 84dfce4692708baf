import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { DbHandle } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
// Any constant: several app instances starting at once must not run migrations twice.
const MIGRATION_LOCK = 7_401_001;

export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  await handle.onOneConnection(async (session) => {
    // A migration (or waiting for another instance's) may take longer than a request may.
    await session.query('SET statement_timeout = 0');
    await session.query('SET lock_timeout = 0');
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePostgres(session.db as never, { migrationsFolder });
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
