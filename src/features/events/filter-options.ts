import { and, asc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { helperTasks } from '#db/schema/helpers.ts';
import { places } from '#db/schema/places.ts';
import type { Translated } from '#db/schema/translated.ts';
import type { ParsedFilters } from './schema.ts';

export interface FilterOptions {
  categories: { slug: string; name: Translated }[];
  places: { slug: string; name: Translated }[];
  groups: { slug: string; name: Translated }[];
  spoken: string[];
  /** Languages an upcoming event still needs an interpreter into (decision 031). */
  interprets: string[];
}

/**
 * What the listing form offers: the hub's categories, places, groups, and the languages spoken
 * at events that have not ended (the past would make every render read the whole table).
 */
export async function getFilterOptions(db: Db, hubId: string, now = new Date()): Promise<FilterOptions> {
  const [cats, pls, grps, langs, interpreted] = await Promise.all([
    db
      .select({ slug: categories.slug, name: categories.name })
      .from(categories)
      .where(eq(categories.hubId, hubId))
      .orderBy(asc(categories.position), asc(categories.slug)),
    db.select({ slug: places.slug, name: places.name }).from(places).where(eq(places.hubId, hubId)).orderBy(asc(places.slug)),
    db.select({ slug: groups.slug, name: groups.name }).from(groups).where(eq(groups.hubId, hubId)).orderBy(asc(groups.slug)),
    db
      .selectDistinct({ code: sql<string>`unnest(${events.spokenLanguages})` })
      .from(events)
      .where(and(eq(events.hubId, hubId), gt(events.endsAt, now))),
    db
      .selectDistinct({ code: helperTasks.language })
      .from(helperTasks)
      .innerJoin(events, eq(events.id, helperTasks.eventId))
      .where(
        and(
          eq(events.hubId, hubId),
          eq(events.status, 'scheduled'),
          gt(events.startsAt, now),
          eq(helperTasks.kind, 'interpreter'),
          isNotNull(helperTasks.language),
          lt(helperTasks.confirmed, helperTasks.needed),
        ),
      ),
  ]);
  return {
    categories: cats,
    places: pls,
    groups: grps,
    spoken: langs.map((l) => l.code).sort(),
    interprets: interpreted.flatMap((l) => (l.code ? [l.code] : [])).sort(),
  };
}

/** A well-formed slug that names nothing in this hub is ignored like a malformed one. */
export function dropUnknownSlugs(parsed: ParsedFilters, options: FilterOptions): ParsedFilters {
  const filters = { ...parsed.filters };
  const ignored = [...parsed.ignored];
  const known = { category: options.categories, place: options.places, group: options.groups } as const;
  for (const name of ['category', 'place', 'group'] as const) {
    const value = filters[name];
    if (value !== undefined && !known[name].some((o) => o.slug === value)) {
      delete filters[name];
      ignored.push(name);
    }
  }
  return { ...parsed, filters, ignored };
}
