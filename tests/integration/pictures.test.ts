import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { pictures } from '#db/schema/pictures.ts';
import { SYSTEM, type Actor } from '#features/auth/policy.ts';
import { processPicture } from '#features/pictures/process.ts';
import { setEventsPicture } from '#features/pictures/mutations.ts';
import { addUser } from '#features/users/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub } from '../setup/fixtures.ts';

// The sessions of a series share one picture: set, kept and removed for all of them at once.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
let coordinator: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  const made = await addUser(handle.db, SYSTEM, { hubId: ids.hub.id, email: 'coord@example.org', role: 'admin' });
  if (made.kind !== 'added') throw new Error(made.kind);
  coordinator = { kind: 'user', userId: made.userId, hubId: ids.hub.id, role: 'admin', groupIds: [], languages: [] };
});
afterAll(async () => {
  await handle?.close();
});

describe('the picture of several events', () => {
  it('is one picture on every session; removing it from all of them removes it', async () => {
    const slugs = [];
    for (let week = 1; week <= 3; week++)
      slugs.push(await makeEvent(handle.db, ids, new Date(Date.now() + week * 7 * 86_400_000), { slug: `series-${week}` }));
    const other = await makeEvent(handle.db, ids, new Date(Date.now() + 86_400_000), { slug: 'not-in-series' });
    const rows = await handle.db.select({ id: events.id, slug: events.slug }).from(events).where(inArray(events.slug, slugs));
    const eventIds = rows.map((r) => r.id);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const picture = await processPicture(new Uint8Array(png));
    if (picture.kind !== 'ok') throw new Error(picture.kind);
    const alt = { fi: 'Sininen kuva', ar: 'صورة زرقاء' };

    expect(await setEventsPicture(handle.db, coordinator, eventIds, { kind: 'new', picture }, alt)).toEqual({ kind: 'saved' });
    const shown = await handle.db
      .select({ pictureId: events.pictureId, pictureAlt: events.pictureAlt })
      .from(events)
      .where(inArray(events.id, eventIds));
    expect(shown).toHaveLength(3);
    expect(new Set(shown.map((s) => s.pictureId)).size).toBe(1);
    expect(shown[0]!.pictureId).not.toBeNull();
    expect(shown.map((s) => s.pictureAlt)).toEqual([alt, alt, alt]);
    const [untouched] = await handle.db.select().from(events).where(eq(events.slug, other));
    expect(untouched!.pictureId).toBeNull();

    // Keep: the picture stays, the alt texts change on every session.
    const newAlt = { fi: 'Sininen neliö' };
    await setEventsPicture(handle.db, coordinator, eventIds, { kind: 'keep' }, newAlt);
    const kept = await handle.db
      .select({ pictureId: events.pictureId, pictureAlt: events.pictureAlt })
      .from(events)
      .where(inArray(events.id, eventIds));
    expect(kept).toEqual(shown.map((s) => ({ pictureId: s.pictureId, pictureAlt: newAlt })));

    await setEventsPicture(handle.db, coordinator, eventIds, { kind: 'remove' }, newAlt);
    const removed = await handle.db
      .select({ pictureId: events.pictureId, pictureAlt: events.pictureAlt })
      .from(events)
      .where(inArray(events.id, eventIds));
    expect(removed).toEqual(eventIds.map(() => ({ pictureId: null, pictureAlt: {} })));
    expect(await handle.db.select().from(pictures).where(eq(pictures.id, shown[0]!.pictureId!))).toEqual([]);
  });
});
