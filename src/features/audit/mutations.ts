import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { feedTokens } from '#db/schema/feed-tokens.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { series } from '#db/schema/series.ts';
import { signups } from '#db/schema/signups.ts';
import { auditLog, users } from '#db/schema/users.ts';

export interface ChangeEntry {
  userId: string | null;
  action: string;
  entity: string;
  entityId?: string;
  details?: Record<string, unknown>;
  // Given where nothing named above tells the hub (a run over one hub's data).
  hubId?: string;
}

/** The hub of the thing an entry is about, looked up in the insert itself (no extra round trip). */
function entityHub(entity: string, id: string): SQL | null {
  const uuid = sql`${id}::uuid`;
  const tables = { event: events, place: places, category: categories, group: groups, series, user: users } as const;
  if (entity === 'hub') return uuid;
  if (entity in tables) {
    const table = tables[entity as keyof typeof tables];
    return sql`(SELECT ${table.hubId} FROM ${table} WHERE ${table.id} = ${uuid})`;
  }
  if (entity === 'signup')
    return sql`(SELECT ${events.hubId} FROM ${signups} JOIN ${events} ON ${events.id} = ${signups.eventId} WHERE ${signups.id} = ${uuid})`;
  if (entity === 'feed_token')
    return sql`(SELECT ${users.hubId} FROM ${feedTokens} JOIN ${users} ON ${users.id} = ${feedTokens.userId} WHERE ${feedTokens.id} = ${uuid})`;
  return null;
}

/**
 * Writes who changed what; call it in the transaction of the change. The entry belongs to the
 * hub of what it concerns (else of the person who acted), so each hub's admins read their own;
 * the column is NOT NULL, so an entry whose hub cannot be told fails loudly.
 */
export async function recordChange(tx: Db, entry: ChangeEntry): Promise<void> {
  const { hubId, ...rest } = entry;
  const candidates = [
    hubId ? sql`${hubId}::uuid` : null,
    entry.entityId ? entityHub(entry.entity, entry.entityId) : null,
    entry.userId ? sql`(SELECT ${users.hubId} FROM ${users} WHERE ${users.id} = ${entry.userId}::uuid)` : null,
  ].filter((c): c is SQL => c !== null);
  const hub = candidates.length ? sql`COALESCE(${sql.join(candidates, sql`, `)})` : sql`NULL`;
  await tx.insert(auditLog).values({ ...rest, hubId: hub, details: entry.details ?? {} });
}

/** The same for many rows changed by one act of one hub (one statement). */
export async function recordChanges(tx: Db, hubId: string, entries: Omit<ChangeEntry, 'hubId'>[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(entries.map((e) => ({ ...e, hubId, details: e.details ?? {} })));
}
