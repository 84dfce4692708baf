import { eq } from 'drizzle-orm';
import { getConfig } from '#config';
import type { Db } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';
import { apiListUrl, encodeCursor, type ApiListQuery } from './api-query.ts';
import { toApiEvent, type ApiEvent } from './api-shape.ts';
import { getEventById } from './detail.ts';
import { dropUnknownSlugs, getFilterOptions } from './filter-options.ts';
import { queryEvents, resolveFilters } from './queries.ts';

/**
 * One event in the API's shape, any status; null when there is none. The public read names the
 * hub it serves: another hub's events are not this site's to show.
 */
export async function apiEventById(db: Db, eventId: string, options: { publishedOnly?: boolean; hubId?: string } = {}) {
  const found = await getEventById(db, eventId);
  if (!found || (options.publishedOnly && !found.event.published)) return null;
  if (options.hubId && found.event.hubId !== options.hubId) return null;
  const [hub] = await db.select({ timezone: hubs.timezone }).from(hubs).where(eq(hubs.id, found.event.hubId));
  return toApiEvent(found.event, {
    category: found.category.slug,
    place: found.place?.slug ?? null,
    group: found.group?.slug ?? null,
    publicUrl: getConfig().publicUrl,
    timeZone: hub?.timezone ?? getConfig().TZ_HUB,
  });
}

export type ApiEventList =
  | { kind: 'ok'; events: ApiEvent[]; next: string | null; nextCursor: string | null }
  | { kind: 'unknown'; names: string[] };

/**
 * Published events that have not ended (or from `from` on), cancelled ones included so partners
 * see cancellations, in (start, id) order: keyset paging stays stable while events are added.
 */
export async function listApiEvents(
  db: Db,
  hub: { id: string; timezone: string },
  query: ApiListQuery,
  options: { now: Date; publicUrl: string },
): Promise<ApiEventList> {
  // A well-formed slug that names nothing is a caller's typo: say so rather than answer "no events".
  const checked = dropUnknownSlugs({ filters: query.filters, ignored: [], qShortened: false }, await getFilterOptions(db, hub.id));
  if (checked.ignored.length) return { kind: 'unknown', names: checked.ignored };

  const resolved = resolveFilters(query.filters, options.now, hub.timezone);
  const rows = await queryEvents(db, hub.id, { ...resolved, after: query.cursor ?? undefined, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page.at(-1)! : null;
  const cursor = last ? { startsAt: last.startsAt, id: last.id } : null;
  return {
    kind: 'ok',
    events: page.map((e) =>
      toApiEvent(e, {
        category: e.category.slug,
        place: e.place?.slug ?? null,
        group: e.group?.slug ?? null,
        publicUrl: options.publicUrl,
        timeZone: hub.timezone,
      }),
    ),
    next: cursor ? apiListUrl(options.publicUrl, query, cursor) : null,
    nextCursor: cursor ? encodeCursor(cursor) : null,
  };
}
