import { actorFor } from '#features/auth/policy.ts';
import { saveReminderSettings } from '#features/hubs/mutations.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { users } from '#db/schema/users.ts';
import { adminAccess } from '#features/admin/access.ts';
import { apiEventById } from '#features/events/api-read.ts';
import { decodeCursor, encodeCursor } from '#features/events/api-query.ts';
import { parseFilters } from '#features/events/parse-filters.ts';
import { feedNameSchema } from '#features/feeds/schema.ts';
import { publicFeedLastModified } from '#features/feeds/queries.ts';
import { reminderSettingsFromForm } from '#features/hubs/schema.ts';
import { saveGroup } from '#features/groups/mutations.ts';
import { issueApiToken, updateUser } from '#features/users/mutations.ts';
import { jsonWithoutControls, withoutControls } from '#lib/control-characters.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub } from '../setup/fixtures.ts';

// Rules of the coordinator's tools that hold below the pages: one hub's coordinator is a stranger
// to another hub, and input that PostgreSQL would refuse never reaches it.
let handle: DbHandle;
let hubA: Awaited<ReturnType<typeof makeHub>>;
let hubB: Awaited<ReturnType<typeof makeHub>>;
let adminB: typeof users.$inferSelect;
let adminA: typeof users.$inferSelect;

beforeAll(async () => {
  handle = await createTestDatabase();
  hubA = await makeHub(handle.db, 'a');
  hubB = await makeHub(handle.db, 'b');
  [adminA] = (await handle.db.insert(users).values({ hubId: hubA.hub.id, email: 'a@example.org', role: 'admin' }).returning()) as [
    typeof users.$inferSelect,
  ];
  [adminB] = (await handle.db.insert(users).values({ hubId: hubB.hub.id, email: 'b@example.org', role: 'admin' }).returning()) as [
    typeof users.$inferSelect,
  ];
});

afterAll(async () => {
  await handle?.close();
});

describe('hubs keep to themselves', () => {
  it('an admin of one hub is no admin of another, and cannot mint tokens for its people', async () => {
    const actorA = await actorFor(handle.db, adminA);
    const actorB = await actorFor(handle.db, adminB);
    expect(await adminAccess(handle.db, actorA, hubA.hub.id)).toBe('allowed');
    expect(await adminAccess(handle.db, actorB, hubA.hub.id)).toBe('forbidden');
    // Asked for hub A, the other hub's coordinator is refused by the domain functions themselves.
    expect(await issueApiToken(handle.db, actorB, { hubId: hubA.hub.id, userId: adminA.id, name: 'x' })).toEqual({ kind: 'forbidden' });
    expect(
      await saveReminderSettings(handle.db, actorB, { hubId: hubA.hub.id, settings: { reminderHours: 1, morningReminder: false } }),
    ).toEqual({ kind: 'forbidden' });
    expect(await issueApiToken(handle.db, actorB, { hubId: hubB.hub.id, userId: adminA.id, name: 'x' })).toEqual({ kind: 'not-found' });
    expect(
      await updateUser(handle.db, actorB, {
        hubId: hubB.hub.id,
        userId: adminA.id,
        patch: { name: '', role: 'leader', groups: [], disabled: true },
      }),
    ).toEqual({ kind: 'not-found' });
  });

  it('the public read of one event answers only for the hub it serves', async () => {
    const slug = await makeEvent(handle.db, hubB, new Date(Date.now() + 86_400_000));
    const [{ id }] = (await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug))) as [{ id: string }];
    expect(await apiEventById(handle.db, id, { publishedOnly: true, hubId: hubA.hub.id })).toBeNull();
    expect((await apiEventById(handle.db, id, { publishedOnly: true, hubId: hubB.hub.id }))?.id).toBe(id);
  });

  it('a group keeps leaders only from its own hub', async () => {
    const input = {
      slug: 'mixed',
      name: { fi: 'Sekaryhmä' },
      summary: {},
      description: {},
      category: null,
      place: null,
      leaders: [adminB.id],
    };
    expect(await saveGroup(handle.db, await actorFor(handle.db, adminA), { hubId: hubA.hub.id, groupId: null, input })).toEqual({
      kind: 'invalid',
      field: 'leaders',
    });
  });
});

describe('input that would break a query', () => {
  it('control characters are taken out of what people type, tabs and line breaks kept', () => {
    expect(withoutControls('Ali\u0000ce\u0007\tB\nC\u007f')).toBe('Alice\tB\nC');
    expect(jsonWithoutControls({ 'na\u0000me': ['x\u0000', 1, null, { y: '\u0001z' }] })).toEqual({ name: ['x', 1, null, { y: 'z' }] });
    expect(parseFilters(new URLSearchParams('q=%00caf%00e&group=%00cooks')).filters).toEqual({ q: 'cafe', group: 'cooks' });
  });

  it('a cursor is only what the API could have written', () => {
    const real = { startsAt: new Date('2031-03-30T15:00:00.000Z'), id: '3b9f6c6e-2f7a-4d6c-9a51-0c2b2d1e4f00' };
    expect(decodeCursor(encodeCursor(real))).toEqual(real);
    for (const iso of ['0000-01-01T00:00:00.000Z', '2031-02-30T00:00:00.000Z', '2999-01-01T00:00:00.000Z']) {
      expect(decodeCursor(Buffer.from(`${iso}|${real.id}`).toString('base64url')), iso).toBeNull();
    }
  });

  it('an empty reminder field is an error, not "no reminders"', () => {
    const form = (hours: string) => {
      const f = new FormData();
      f.set('reminderHours', hours);
      return f;
    };
    expect(reminderSettingsFromForm(form('')).success).toBe(false);
    expect(reminderSettingsFromForm(form('337')).success).toBe(false);
    expect(reminderSettingsFromForm(form('0')).data).toEqual({ reminderHours: 0, morningReminder: false });
  });

  it('a feed name keeps the joiners Persian and Arabic words need', () => {
    expect(feedNameSchema.parse('برنامه\u200cها\u0000 \u202eگروه')).toBe('برنامه\u200cها گروه');
  });

  it('a public feed never says it changed later than now', async () => {
    const now = new Date();
    const future = new Date(now.getTime() + 30 * 86_400_000);
    expect((await publicFeedLastModified(handle.db, hubA.hub.id, future, now)).getTime()).toBe(now.getTime());
  });
});
