import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hubs } from '../../db/schema/hubs.ts';

/** The hub the public pages show. One per installation for now; see docs/decisions/002. */
export async function getCurrentHub(db: Db) {
  const [hub] = await db.select().from(hubs).orderBy(asc(hubs.createdAt), asc(hubs.id)).limit(1);
  return hub ?? null;
}

export type Hub = NonNullable<Awaited<ReturnType<typeof getCurrentHub>>>;
