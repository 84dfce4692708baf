import { eq } from 'drizzle-orm';
import type { DbHandle } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { helperTasks } from '#db/schema/helpers.ts';
import { places } from '#db/schema/places.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { hubDay } from '#features/events/hub-days.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { startingCategories } from './catalogue.ts';
import { demoGroups } from './demo-groups.ts';
import { demoHelperTasks } from './demo-helpers.ts';
import { demoHubPage } from './demo-hub.ts';
import { demoPlaces } from './demo-places.ts';
import { demoEvents } from './demo-schedule.ts';

export type SeedOutcome = { kind: 'seeded'; demo: boolean; events: number } | { kind: 'not-empty' };

/**
 * Gives an empty database its first hub and categories, and the demo programme when asked.
 * Safe when several instances start at once: the hub's unique slug lets only one of them in.
 */
export async function seedIfEmpty(
  handle: Pick<DbHandle, 'db'>,
  options: { demo: boolean; timeZone: string; now: Date },
): Promise<SeedOutcome> {
  return handle.db.transaction(async (tx) => {
    const existing = await tx.select({ id: hubs.id }).from(hubs).limit(1);
    if (existing.length > 0) return { kind: 'not-empty' } as const;
    const [hub] = await tx
      .insert(hubs)
      .values({ slug: 'kototori', name: 'Kototori', timezone: options.timeZone })
      .onConflictDoNothing()
      .returning({ id: hubs.id });
    if (!hub) return { kind: 'not-empty' } as const;
    const cats = await tx
      .insert(categories)
      .values(startingCategories.map((c, position) => ({ ...c, hubId: hub.id, position })))
      .returning({ id: categories.id, slug: categories.slug });
    if (!options.demo) return { kind: 'seeded', demo: false, events: 0 } as const;

    await tx.update(hubs).set(demoHubPage).where(eq(hubs.id, hub.id));

    const category = Object.fromEntries(cats.map((c) => [c.slug, c.id]));
    const pls = await tx
      .insert(places)
      .values(demoPlaces.map((p) => ({ ...p, hubId: hub.id })))
      .returning({ id: places.id, slug: places.slug });
    const place = Object.fromEntries(pls.map((p) => [p.slug, p.id]));
    const grps = await tx
      .insert(groups)
      .values(demoGroups.map(({ category: c, place: p, ...g }) => ({ ...g, hubId: hub.id, categoryId: category[c]!, placeId: place[p]! })))
      .returning({ id: groups.id, slug: groups.slug });
    const group = Object.fromEntries(grps.map((g) => [g.slug, g.id]));
    const rows = demoEvents({ hubId: hub.id, category, place, group }, hubDay(options.now, options.timeZone), options.timeZone);
    const inserted = await insertEvents(
      tx as never,
      rows.map(({ questions: _q, ...event }) => event),
    );
    const idOf = Object.fromEntries(inserted.map((e) => [e.slug, e.id]));
    const questions = rows.flatMap((row) => (row.questions ?? []).map((q) => ({ ...q, eventId: idOf[row.slug]! })));
    if (questions.length > 0) await tx.insert(eventQuestions).values(questions);
    const tasks = demoHelperTasks.flatMap(({ event, language, ...task }) =>
      idOf[event] ? [{ ...task, eventId: idOf[event], language: language ?? null }] : [],
    );
    if (tasks.length > 0) await tx.insert(helperTasks).values(tasks);
    return { kind: 'seeded', demo: true, events: rows.length } as const;
  });
}
