import { TZDate } from '@date-fns/tz';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { groups } from '#db/schema/groups.ts';
import { hubs } from '#db/schema/hubs.ts';
import { places } from '#db/schema/places.ts';
import { eq } from 'drizzle-orm';
import { newEventSchema } from '#features/events/input.ts';
import { insertEvents, type NewEvent } from '#features/events/mutations.ts';
import type { SignupInput } from '#features/signups/schema.ts';
import { addUser } from '#features/users/mutations.ts';
import { users } from '#db/schema/users.ts';
import { actorFor, SYSTEM, type Actor } from '#features/auth/policy.ts';

export const HELSINKI = 'Europe/Helsinki';

/**
 * A series' event template as `createSeries` takes it: the cooks' weekly sign-up session (a
 * makeHub hub's names), with whatever a test changes; the rule gives the times.
 */
export function seriesTemplate(slug: string, overrides: Record<string, unknown> = {}) {
  const {
    start: _s,
    end: _e,
    ...rest
  } = newEventSchema.parse({
    title: { fi: 'Kokkikerho' },
    category: 'cooking',
    group: 'cooks',
    mode: 'signup',
    capacity: 8,
    start: '2031-01-01T00:00:00Z',
    end: '2031-01-01T01:00:00Z',
    ...overrides,
  });
  return { ...rest, slug };
}

/** An instant given as Helsinki wall-clock time. */
export function helsinki(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(new TZDate(y, m - 1, d, h, min, 0, HELSINKI).getTime());
}

export async function makeHub(db: Db, slug: string) {
  const [hub] = await db.insert(hubs).values({ slug, name: slug }).returning();
  const cats = await db
    .insert(categories)
    .values(['cafe', 'cooking', 'excursion'].map((s, position) => ({ hubId: hub!.id, slug: s, name: { fi: s, en: s }, position })))
    .returning();
  const pls = await db
    .insert(places)
    .values(['hall', 'kitchen'].map((s) => ({ hubId: hub!.id, slug: s, name: { fi: s } })))
    .returning();
  const grps = await db
    .insert(groups)
    .values(['cafe-group', 'cooks'].map((s) => ({ hubId: hub!.id, slug: s, name: { fi: s } })))
    .returning();
  const by = <T extends { slug: string; id: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.slug, r.id]));
  return { hub: hub!, category: by(cats), place: by(pls), group: by(grps) };
}

type Ids = Awaited<ReturnType<typeof makeHub>>;

let counter = 0;
/** One event with sensible defaults; returns its slug. */
export async function makeEvent(
  db: Db,
  ids: Ids,
  start: Date,
  overrides: Partial<NewEvent> & { category?: string; place?: string; group?: string; hours?: number } = {},
): Promise<string> {
  const { category = 'cafe', place, group, hours = 2, ...rest } = overrides;
  const slug = rest.slug ?? `event-${++counter}`;
  await insertEvents(db, [
    {
      hubId: ids.hub.id,
      categoryId: ids.category[category]!,
      placeId: place ? ids.place[place]! : null,
      groupId: group ? ids.group[group]! : null,
      title: { fi: slug },
      startsAt: start,
      endsAt: new Date(start.getTime() + hours * 3_600_000),
      mode: 'dropin',
      ...rest,
      slug,
    },
  ]);
  return slug;
}

/** One sign-up event a week ahead in a server's own hub (its first topic); returns its id. */
export async function addSignupEvent(db: Db, event: { slug: string; title: string; capacity: number }): Promise<string> {
  const [hub] = await db.select().from(hubs);
  const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
  const start = new TZDate(Date.now() + 7 * 86_400_000, HELSINKI);
  const [inserted] = await insertEvents(db, [
    {
      hubId: hub!.id,
      categoryId: category!.id,
      slug: event.slug,
      title: { fi: event.title },
      startsAt: start,
      endsAt: new Date(start.getTime() + 7_200_000),
      mode: 'signup',
      capacity: event.capacity,
      waitlist: true,
    },
  ]);
  return inserted!.id;
}

let guests = 0;
/**
 * A sign-up as the form sends it: one adult, in Finnish, no answers, by email to an address of
 * its own (Guest 1 at guest1@example.org, then 2, …); `extra` changes any of it.
 */
export function signupInput(extra: Partial<SignupInput> = {}): SignupInput {
  guests += 1;
  return {
    name: `Guest ${guests}`,
    email: `guest${guests}@example.org`,
    phone: null,
    adults: 1,
    children: 0,
    smallChildren: 0,
    language: 'fi',
    answers: {},
    ...extra,
  };
}

/** A person added as `npm run cli -- user add` adds them, as the actor the domain functions take. */
export async function addActor(db: Db, person: Parameters<typeof addUser>[2]): Promise<Actor> {
  const added = await addUser(db, SYSTEM, person);
  if (added.kind !== 'added') throw new Error(`cannot add ${person.email}: ${added.kind}`);
  const [user] = await db.select().from(users).where(eq(users.id, added.userId));
  return actorFor(db, user!);
}
