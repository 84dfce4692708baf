import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase } from '#db/client.ts';
import { runMigrations } from '#db/migrate.ts';
import { seedIfEmpty } from '#features/demo/mutations.ts';

/**
 * What a database starts as: `migrated` (empty tables), `plain` (the hub and its categories, as
 * a first start with SEED_DEMO=false leaves it) or `demo` (a first start with the demo week).
 */
export type TemplateKind = 'migrated' | 'plain' | 'demo';
export const templateKinds: TemplateKind[] = ['migrated', 'plain', 'demo'];

/**
 * Made once per run by the global set-up, because creating and migrating a database costs
 * seconds (PGlite's first start most of all) and the suite needs about fifty of them.
 * PGlite: a data folder per kind to copy, and the migrated one as a tarball for in-memory
 * databases. PostgreSQL: a database per kind to `CREATE DATABASE … TEMPLATE` from.
 */
export interface Templates {
  pglite?: Record<TemplateKind, string> & { migratedTarball: string };
  postgres?: Record<TemplateKind, string>;
}

// The server seeds with the hub's zone from its configuration; the suite never sets TZ_HUB
// for a server that starts from a template (see startServer).
const HUB_ZONE = 'Europe/Helsinki';

async function seed(handle: Parameters<typeof seedIfEmpty>[0], kind: TemplateKind) {
  if (kind !== 'migrated') await seedIfEmpty(handle, { demo: kind === 'demo', timeZone: HUB_ZONE, now: new Date() });
}

async function pgliteTemplates(): Promise<Templates & { remove: () => Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'tori-templates-'));
  const dir = (kind: TemplateKind) => join(root, kind, 'pgdata');
  const first = await openDatabase({ dataDir: dir('migrated') });
  await runMigrations(first);
  await first.close();
  for (const kind of ['plain', 'demo'] as const) {
    cpSync(dir('migrated'), dir(kind), { recursive: true });
    const handle = await openDatabase({ dataDir: dir(kind) });
    await seed(handle, kind);
    await handle.close();
  }
  const raw = await PGlite.create(dir('migrated'));
  const tarball = join(root, 'migrated.tar');
  writeFileSync(tarball, Buffer.from(await (await raw.dumpDataDir('none')).arrayBuffer()));
  await raw.close();
  return {
    pglite: { migrated: dir('migrated'), plain: dir('plain'), demo: dir('demo'), migratedTarball: tarball },
    remove: async () => rmSync(root, { recursive: true, force: true }),
  };
}

async function postgresTemplates(baseUrl: string): Promise<Templates & { remove: () => Promise<void> }> {
  const prefix = `tori_tpl_${randomBytes(4).toString('hex')}`;
  const names = Object.fromEntries(templateKinds.map((kind) => [kind, `${prefix}_${kind}`])) as Record<TemplateKind, string>;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const remove = async () => {
    for (const name of Object.values(names)) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    for (const kind of templateKinds) {
      await admin.unsafe(
        kind === 'migrated' ? `CREATE DATABASE ${names[kind]}` : `CREATE DATABASE ${names[kind]} TEMPLATE ${names.migrated}`,
      );
      const url = new URL(baseUrl);
      url.pathname = `/${names[kind]}`;
      const handle = await openDatabase({ url: url.toString(), maxConnections: 1 });
      try {
        if (kind === 'migrated') await runMigrations(handle);
        await seed(handle, kind);
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { postgres: names, remove };
}

export function buildTemplates() {
  return process.env.DATABASE_URL ? postgresTemplates(process.env.DATABASE_URL) : pgliteTemplates();
}
