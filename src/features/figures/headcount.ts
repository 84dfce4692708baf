import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { countGroups, headcounts } from '#db/schema/headcounts.ts';
import { eventAccess } from '#features/attendees/access.ts';
import type { Actor } from '#features/auth/policy.ts';
import type { Translated } from '#db/schema/translated.ts';

export interface CountSlot {
  /** A count group's id, or '' for the one total of a hub without count groups. */
  slot: string;
  label: Translated | null;
  n: number;
}

/** The count groups a hub offers now, in order (archived ones are left out). */
export async function activeCountGroups(db: Db, hubId: string) {
  return db
    .select({ id: countGroups.id, label: countGroups.label })
    .from(countGroups)
    .where(and(eq(countGroups.hubId, hubId), eq(countGroups.archived, false)))
    .orderBy(asc(countGroups.position), asc(countGroups.id));
}

/** What the counting page shows: one slot per count group (or the one total), with its count. */
export async function countSlots(db: Db, event: { id: string; hubId: string }): Promise<CountSlot[]> {
  const groups = await activeCountGroups(db, event.hubId);
  const rows = await db.select({ slot: headcounts.slot, n: headcounts.n }).from(headcounts).where(eq(headcounts.eventId, event.id));
  const counted = new Map(rows.map((r) => [r.slot, r.n]));
  if (groups.length === 0) return [{ slot: '', label: null, n: counted.get('') ?? 0 }];
  return groups.map((g) => ({ slot: g.id, label: g.label, n: counted.get(g.id) ?? 0 }));
}

export type TapOutcome =
  | { kind: 'counted'; slot: string; n: number; total: number }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'not-dropin' }
  | { kind: 'unknown-slot' };

/**
 * One tap: +1 or −1 visitor in one slot of a drop-in session. A single upsert adds the tap to
 * whatever is stored at that moment, so taps of several leaders at once all count; `greatest`
 * keeps the count at zero or above (decision 024).
 */
export async function tapHeadcount(db: Db, actor: Actor, args: { eventId: string; slot: string; delta: 1 | -1 }): Promise<TapOutcome> {
  const access = await eventAccess(db, actor, args.eventId, 'headcount:count');
  if (access.kind !== 'allowed') return access;
  if (access.event.mode !== 'dropin') return { kind: 'not-dropin' };
  const groups = await activeCountGroups(db, access.event.hubId);
  const valid = groups.length === 0 ? args.slot === '' : groups.some((g) => g.id === args.slot);
  if (!valid) return { kind: 'unknown-slot' };
  const [row] = await db
    .insert(headcounts)
    .values({ eventId: args.eventId, slot: args.slot, n: Math.max(args.delta, 0) })
    .onConflictDoUpdate({
      target: [headcounts.eventId, headcounts.slot],
      set: { n: sql`greatest(${headcounts.n} + ${args.delta}, 0)`, updatedAt: sql`now()` },
    })
    .returning({ n: headcounts.n });
  const [sum] = await db
    .select({ total: sql<number>`coalesce(sum(${headcounts.n}), 0)::int` })
    .from(headcounts)
    .where(eq(headcounts.eventId, args.eventId));
  return { kind: 'counted', slot: args.slot, n: row!.n, total: Number(sum?.total ?? 0) };
}
