import { recordChange } from '#features/audit/mutations.ts';
import { actorFor, SYSTEM } from '#features/auth/policy.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { isForeignKeyViolation, isUniqueViolation } from '#db/errors.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { outbox } from '#db/schema/outbox.ts';
import { places } from '#db/schema/places.ts';
import { series } from '#db/schema/series.ts';
import { auditLog, groupMembers, users } from '#db/schema/users.ts';
import { listUsers, recentAudit, recentOutbox } from '#features/admin/queries.ts';
import { requestLoginLink } from '#features/auth/login-links.ts';
import { setPassword, verifyPasswordLogin } from '#features/auth/passwords.ts';
import { createEvent, refViolation, updateEvent } from '#features/events/editing.ts';
import { newEventSchema } from '#features/events/input.ts';
import { saveGroup } from '#features/groups/mutations.ts';
import { listGroups } from '#features/groups/queries.ts';
import { savePlace } from '#features/places/mutations.ts';
import { listPlaces } from '#features/places/queries.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { addUser } from '#features/users/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub, signupInput } from '../setup/fixtures.ts';

// Two hubs in one database: each one's coordinator reads only its own, and the database keeps
// every reference inside its hub whatever the code above it does.
let handle: DbHandle;
let hubA: Awaited<ReturnType<typeof makeHub>>;
let hubB: Awaited<ReturnType<typeof makeHub>>;
let adminA: typeof users.$inferSelect;
let adminB: typeof users.$inferSelect;
let eventA: string;

async function admin(hubId: string, email: string) {
  const out = await addUser(handle.db, SYSTEM, { hubId, email, role: 'admin' });
  if (out.kind !== 'added') throw new Error(out.kind);
  return (await handle.db.select().from(users).where(eq(users.id, out.userId)))[0]!;
}

/** The error a statement fails with (null when it succeeds). */
async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  handle = await createTestDatabase();
  hubA = await makeHub(handle.db, 'a');
  hubB = await makeHub(handle.db, 'b');
  adminA = await admin(hubA.hub.id, 'admin-a@example.org');
  adminB = await admin(hubB.hub.id, 'admin-b@example.org');
  // Hub A's activity: a place, a group, an event with a sign-up (an email), a sign-in link.
  await savePlace(handle.db, await actorFor(handle.db, adminA), {
    hubId: hubA.hub.id,
    placeId: null,
    input: {
      slug: 'library',
      name: { fi: 'Kirjasto' },
      streetAddress: '',
      postalCode: '',
      city: '',
      latitude: null,
      longitude: null,
      accessibility: {},
      directions: {},
    },
  });
  await saveGroup(handle.db, await actorFor(handle.db, adminA), {
    hubId: hubA.hub.id,
    groupId: null,
    input: {
      slug: 'chess',
      name: { fi: 'Shakki' },
      summary: {},
      description: {},
      category: 'cafe',
      place: 'library',
      leaders: [adminA.id],
    },
  });
  const slug = await makeEvent(handle.db, hubA, new Date(Date.now() + 7 * 86_400_000), {
    mode: 'signup',
    capacity: 5,
    place: 'hall',
    group: 'cooks',
  });
  eventA = (await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug)))[0]!.id;
  const signup = await createSignup(handle.db, eventA, signupInput({ name: 'Aino', email: 'aino@example.org' }));
  expect(signup.kind).toBe('confirmed');
  await requestLoginLink(handle.db, hubA.hub.id, 'admin-a@example.org', 'fi');
});

afterAll(async () => {
  await handle?.close();
});

describe("one hub's coordinator sees nothing of another's", () => {
  it('outbox, change log, people, places and groups are listed per hub', async () => {
    const [mailA, mailB] = [await recentOutbox(handle.db, hubA.hub.id), await recentOutbox(handle.db, hubB.hub.id)];
    expect(mailA.map((m) => m.kind).sort()).toEqual(['login-link', 'signup-confirmed']);
    expect(mailB).toEqual([]);
    const [logA, logB] = [await recentAudit(handle.db, hubA.hub.id), await recentAudit(handle.db, hubB.hub.id)];
    expect(logA.map((r) => r.entry.action)).toEqual(expect.arrayContaining(['user.add', 'place.add', 'group.add']));
    expect(logB.map((r) => `${r.entry.action} ${r.entry.entityId}`)).toEqual([`user.add ${adminB.id}`]);
    expect((await listUsers(handle.db, hubB.hub.id)).map((p) => p.user.email)).toEqual(['admin-b@example.org']);
    expect((await listPlaces(handle.db, hubA.hub.id)).map((p) => p.slug)).toContain('library');
    expect((await listPlaces(handle.db, hubB.hub.id)).map((p) => p.slug)).not.toContain('library');
    expect((await listGroups(handle.db, hubB.hub.id, new Date())).map((g) => g.group.slug)).not.toContain('chess');
  });

  it('an email and an audit entry carry the hub of what they concern, not of whoever acted', async () => {
    const [confirmation] = await handle.db.select().from(outbox).where(eq(outbox.eventId, eventA));
    expect(confirmation!.hubId).toBe(hubA.hub.id);
    // Hub B's admin has no business in hub A, but if some path let them, the entry is still A's.
    const helper = await addUser(handle.db, SYSTEM, { hubId: hubA.hub.id, email: 'helper@example.org', role: 'leader' });
    const helperId = helper.kind === 'added' ? helper.userId : '';
    await recordChange(handle.db, { userId: adminB.id, action: 'user.update', entity: 'user', entityId: helperId });
    const entries = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, helperId));
    expect(entries.map((e) => [e.userId, e.hubId])).toEqual([
      [null, hubA.hub.id],
      [adminB.id, hubA.hub.id],
    ]);
  });
});

describe('references stay inside their hub', () => {
  it("the database refuses an event with another hub's place, group or category", async () => {
    const base = {
      hubId: hubA.hub.id,
      slug: 'stray',
      title: { fi: 'x' },
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      mode: 'dropin' as const,
    };
    const place = await failure(handle.db.insert(events).values({ ...base, categoryId: hubA.category.cafe!, placeId: hubB.place.hall! }));
    expect(isForeignKeyViolation(place, 'events_place_in_hub')).toBe(true);
    const group = await failure(handle.db.insert(events).values({ ...base, categoryId: hubA.category.cafe!, groupId: hubB.group.cooks! }));
    expect(isForeignKeyViolation(group, 'events_group_in_hub')).toBe(true);
    const category = await failure(handle.db.insert(events).values({ ...base, categoryId: hubB.category.cafe! }));
    expect(isForeignKeyViolation(category, 'events_category_in_hub')).toBe(true);
    // The editing functions say which field it was.
    expect(refViolation(place)).toEqual({ kind: 'invalid', errors: { place: 'no such place' } });
    expect(refViolation(group)).toEqual({ kind: 'invalid', errors: { group: 'no such group' } });
    // Moving an existing event into another hub's place is refused the same way.
    const moved = await failure(handle.db.update(events).set({ placeId: hubB.place.kitchen! }).where(eq(events.id, eventA)));
    expect(isForeignKeyViolation(moved, 'events_place_in_hub')).toBe(true);
    expect(await handle.db.select().from(events).where(eq(events.slug, 'stray'))).toEqual([]);
  });

  it('nor a series, a group or a group leader of another hub', async () => {
    const stray = await failure(
      handle.db.insert(series).values({
        hubId: hubA.hub.id,
        groupId: hubB.group.cooks!,
        frequency: 'weekly',
        weekday: 1,
        startTime: '18:00',
        durationMinutes: 60,
        firstDate: '2031-01-01',
        lastDate: '2031-02-01',
      }),
    );
    expect(isForeignKeyViolation(stray, 'series_group_in_hub')).toBe(true);
    const groupPlace = await failure(handle.db.update(groups).set({ placeId: hubB.place.hall! }).where(eq(groups.id, hubA.group.cooks!)));
    expect(isForeignKeyViolation(groupPlace, 'groups_place_in_hub')).toBe(true);
    const leader = await failure(
      handle.db.insert(groupMembers).values({ hubId: hubA.hub.id, userId: adminB.id, groupId: hubA.group.cooks! }),
    );
    expect(isForeignKeyViolation(leader, 'group_members_user_in_hub')).toBe(true);
  });

  it('the domain functions answer with a field error, and store nothing', async () => {
    await handle.db.insert(places).values({ hubId: hubB.hub.id, slug: 'b-only', name: { fi: 'B' } });
    const actor = await actorFor(handle.db, adminA);
    const input = newEventSchema.parse({
      title: { fi: 'Kerho' },
      category: 'cafe',
      place: 'b-only',
      start: '2031-03-30T17:00:00+03:00',
      end: '2031-03-30T19:00:00+03:00',
      mode: 'dropin',
    });
    expect(await createEvent(handle.db, actor, input)).toEqual({ kind: 'invalid', errors: { place: 'no such place' } });
    expect(await updateEvent(handle.db, actor, eventA, { place: 'b-only' })).toEqual({
      kind: 'invalid',
      errors: { place: 'no such place' },
    });
    const group = await saveGroup(handle.db, await actorFor(handle.db, adminA), {
      hubId: hubA.hub.id,
      groupId: hubA.group.cooks!,
      input: { slug: 'cooks', name: { fi: 'Kokit' }, summary: {}, description: {}, category: null, place: null, leaders: [adminB.id] },
    });
    expect(group).toEqual({ kind: 'invalid', field: 'leaders' });
    expect(await handle.db.select().from(groupMembers).where(eq(groupMembers.userId, adminB.id))).toEqual([]);
  });
});

describe('an address is unique within a hub', () => {
  it('two hubs may each have an account with one address; one hub may not have two', async () => {
    const inA = await addUser(handle.db, SYSTEM, { hubId: hubA.hub.id, email: 'Same@Example.org', role: 'leader' });
    const inB = await addUser(handle.db, SYSTEM, { hubId: hubB.hub.id, email: 'same@example.org', role: 'partner' });
    expect([inA.kind, inB.kind]).toEqual(['added', 'added']);
    const again = await addUser(handle.db, SYSTEM, { hubId: hubA.hub.id, email: 'same@example.org', role: 'admin' });
    expect(again).toEqual({ kind: 'updated', userId: inA.kind === 'added' ? inA.userId : '' });
    const twice = await failure(handle.db.insert(users).values({ hubId: hubA.hub.id, email: 'same@example.org', role: 'leader' }));
    expect(isUniqueViolation(twice, 'users_hub_email')).toBe(true);
  });

  it("signing in asks the hub: each hub's password opens only its own account", async () => {
    const ids = Object.fromEntries(
      (await handle.db.select().from(users).where(eq(users.email, 'same@example.org'))).map((u) => [u.hubId, u.id]),
    );
    await setPassword(handle.db, ids[hubA.hub.id]!, 'password of hub a');
    await setPassword(handle.db, ids[hubB.hub.id]!, 'password of hub b');
    expect(await verifyPasswordLogin(handle.db, hubA.hub.id, 'same@example.org', 'password of hub a')).toBe(ids[hubA.hub.id]);
    expect(await verifyPasswordLogin(handle.db, hubB.hub.id, 'same@example.org', 'password of hub b')).toBe(ids[hubB.hub.id]);
    expect(await verifyPasswordLogin(handle.db, hubB.hub.id, 'same@example.org', 'password of hub a')).toBeNull();
    await requestLoginLink(handle.db, hubB.hub.id, 'same@example.org', 'fi');
    const links = await handle.db.select().from(outbox).where(eq(outbox.recipient, 'same@example.org'));
    expect(links.map((l) => l.hubId)).toEqual([hubB.hub.id]);
  });
});
