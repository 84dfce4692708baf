import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { createSession, SESSION_COOKIE } from '#features/auth/session.ts';
import { findBrokenHelperCounters } from '#features/seats/helper-places.ts';
import { addAccounts, formHeaders } from '../setup/accounts.ts';
import { usingPostgres } from '../setup/db.ts';
import { slugsFromListing, eventIdFromPage } from '../setup/http.ts';
import { newStorage, openServerDatabase, startServer, type RunningServer } from '../setup/server.ts';

// Real concurrency needs real connections: PGlite serialises everything in one process.
if (!usingPostgres) console.warn('helper concurrency tests skipped: set DATABASE_URL to run them on PostgreSQL');

describe.skipIf(!usingPostgres)('offers to help and confirmations arriving at once, on PostgreSQL', () => {
  let server: RunningServer;
  let db: DbHandle;
  let eventId = '';
  let slug = '';
  const cookies: string[] = [];

  beforeAll(async () => {
    const storage = await newStorage('demo');
    await addAccounts(storage, [
      { email: 'cook-leader@example.org', role: 'leader', groups: ['cooking-together'] },
      { email: 'second-leader@example.org', role: 'leader', groups: ['cooking-together'] },
    ]);
    server = await startServer({ TRUST_PROXY: 'true' }, storage);
    db = await openServerDatabase(server);
    for (const email of ['cook-leader@example.org', 'second-leader@example.org']) {
      const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
      cookies.push(`${SESSION_COOKIE}=${(await createSession(db.db, rows[0]!.id)).token}`);
    }
    slug = (await slugsFromListing(server.url, '/en/events?group=cooking-together'))[0]!;
    eventId = await eventIdFromPage(server.url, slug);
  });

  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('100 offers for a task that needs 3 are all recorded; 200 confirmations by two leaders confirm exactly 3', async () => {
    const manage = `${server.url}/fi/manage/events/${eventId}/helpers`;
    const added = await fetch(manage, {
      method: 'POST',
      headers: formHeaders(server, cookies[0]),
      body: new URLSearchParams({ action: 'add-task', kind: 'cook', needed: '3' }),
      redirect: 'manual',
    });
    expect(added.status).toBe(303);
    const [task] = await db.query<{ id: string }>('SELECT id FROM helper_tasks WHERE event_id = $1', [eventId]);

    const offers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${server.url}/fi/events/${slug}/help`, {
          method: 'POST',
          headers: { ...formHeaders(server), 'X-Forwarded-For': `10.7.${i >> 8}.${i & 255}` },
          body: new URLSearchParams({ task: task!.id, name: `Auttaja ${i}`, email: `helper${i}@example.org`, consent: 'on' }),
          redirect: 'manual',
        }),
      ),
    );
    expect(offers.map((r) => r.status)).toEqual(Array(100).fill(303));
    const offered = await db.query<{ id: string }>('SELECT id FROM helper_offers WHERE task_id = $1 AND NOT decoy', [task!.id]);
    expect(offered).toHaveLength(100);

    // Two leaders press "confirm" 200 times over the 100 offers, all at once.
    const confirms = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(manage, {
          method: 'POST',
          headers: formHeaders(server, cookies[i % 2]),
          body: new URLSearchParams({ action: 'confirm', offer: offered[i % 100]!.id }),
          redirect: 'manual',
        }),
      ),
    );
    // A place taken answers 303; "already full" is a 409 note; nothing else.
    expect(confirms.every((r) => r.status === 303 || r.status === 409)).toBe(true);
    const statuses = await db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM helper_offers WHERE task_id = $1 GROUP BY status ORDER BY status',
      [task!.id],
    );
    expect(statuses).toEqual([
      { status: 'confirmed', n: 3 },
      { status: 'offered', n: 97 },
    ]);
    const [counter] = await db.query<{ confirmed: number; needed: number }>('SELECT confirmed, needed FROM helper_tasks WHERE id = $1', [
      task!.id,
    ]);
    expect(counter).toEqual({ confirmed: 3, needed: 3 });
    expect(await findBrokenHelperCounters(db.db)).toEqual([]);
    // Every helper was told their offer arrived; the three confirmed were told so too.
    const kinds = await db.query<{ kind: string; n: number }>(
      "SELECT kind, count(*)::int AS n FROM outbox WHERE kind LIKE 'helper-%' AND event_id = $1 GROUP BY kind ORDER BY kind",
      [eventId],
    );
    expect(kinds).toEqual([
      { kind: 'helper-confirmed', n: 3 },
      { kind: 'helper-offered', n: 100 },
    ]);
  });
});
