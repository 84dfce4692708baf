import { asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';

/**
 * The hub the site shows, and so the hub whose accounts sign in here (decision 018). One per
 * installation for now: the oldest; see docs/decisions/002.
 */
export async function getCurrentHub(db: Db) {
  const [hub] = await db.select().from(hubs).orderBy(asc(hubs.createdAt), asc(hubs.id)).limit(1);
  return hub ?? null;
}

export type Hub = NonNullable<Awaited<ReturnType<typeof getCurrentHub>>>;

/** One hub by id. Rows point at their hub by foreign key, so a missing one is a bug, not an outcome. */
export async function getHub(db: Db, hubId: string): Promise<Hub> {
  const [hub] = await db.select().from(hubs).where(eq(hubs.id, hubId));
  if (!hub) throw new Error(`No hub ${hubId}`);
  return hub;
}

/**
 * The zone a hub's calendar days and wall-clock times are in. Read here (or from a loaded hub
 * row), never guessed: a hub without one cannot exist, the column is NOT NULL.
 */
export async function hubTimeZone(db: Db, hubId: string): Promise<string> {
  const [hub] = await db.select({ timezone: hubs.timezone }).from(hubs).where(eq(hubs.id, hubId));
  if (!hub) throw new Error(`No hub ${hubId}`);
  return hub.timezone;
}
