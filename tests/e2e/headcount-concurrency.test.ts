import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories } from '#db/schema/categories.ts';
import { groups } from '#db/schema/groups.ts';
import { headcounts } from '#db/schema/headcounts.ts';
import { hubs } from '#db/schema/hubs.ts';
import { insertEvents } from '#features/events/mutations.ts';
import { addSignedInUser, startPreparedServer } from '../setup/accounts.ts';
import { openServerDatabase, type RunningServer } from '../setup/server.ts';

// Two leaders at the door of the same drop-in, tapping +1 as fast as the server takes it: every
// tap counts (decision 024). Meant for PostgreSQL (`--project database` with DATABASE_URL),
// where the requests really run at once on several connections.
const TAPS = 200;
let server: RunningServer;
let eventId = '';
const cookies: string[] = [];

beforeAll(async () => {
  ({ server } = await startPreparedServer({
    template: 'plain',
    env: { MAIL_WORKER: 'off' },
    prepare: async (db) => {
      const [hub] = await db.select().from(hubs);
      const [category] = await db.select().from(categories).where(eq(categories.hubId, hub!.id));
      const [group] = await db
        .insert(groups)
        .values({ hubId: hub!.id, slug: 'door', name: { fi: 'Ovi' } })
        .returning();
      const start = new Date(Date.now() - 3_600_000);
      const [event] = await insertEvents(db, [
        {
          hubId: hub!.id,
          categoryId: category!.id,
          groupId: group!.id,
          slug: 'busy-cafe',
          title: { fi: 'Kahvila' },
          startsAt: start,
          endsAt: new Date(start.getTime() + 3 * 3_600_000),
          mode: 'dropin',
        },
      ]);
      eventId = event!.id;
      for (const who of ['first', 'second']) {
        cookies.push(
          (await addSignedInUser(db, { hubId: hub!.id, email: `${who}@example.org`, role: 'leader', groupId: group!.id })).cookie,
        );
      }
    },
  }));
});

afterAll(async () => {
  await server?.stop();
});

describe('head count under load', () => {
  it(`two leaders tapping +1 at once for ${TAPS} taps count ${TAPS}`, async () => {
    const tap = (i: number) =>
      fetch(`${server.url}/fi/manage/events/${eventId}/count`, {
        method: 'POST',
        headers: {
          Origin: server.url,
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookies[i % 2]!,
          // Half as the page's script sends it, half as a plain form post.
          ...(i % 4 < 2 ? { Accept: 'application/json' } : {}),
        },
        body: new URLSearchParams({ action: 'tap', slot: '', delta: '1' }),
        redirect: 'manual',
      }).then((r) => r.status);
    const statuses = await Promise.all(Array.from({ length: TAPS }, (_, i) => tap(i)));
    expect(statuses.filter((s) => s !== 200 && s !== 303)).toEqual([]);
    const handle = await openServerDatabase(server);
    try {
      const rows = await handle.db.select({ n: headcounts.n }).from(headcounts).where(eq(headcounts.eventId, eventId));
      expect(rows).toEqual([{ n: TAPS }]);
    } finally {
      await handle.close();
    }
  });
});
