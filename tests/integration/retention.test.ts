import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers, helperTasks, helperTokens } from '#db/schema/helpers.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups, signupTokens } from '#db/schema/signups.ts';
import { runRetention } from '#features/privacy/retention.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub } from '../setup/fixtures.ts';

const DAY = 86_400_000;
let handle: DbHandle;
let oldEvent: string;
let recentEvent: string;
let dir: string;

async function eventId(slug: string) {
  const [row] = await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug));
  return row!.id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  const soon = new Date(Date.now() + DAY);
  oldEvent = await eventId(await makeEvent(handle.db, ids, soon, { slug: 'long-ago', mode: 'signup', capacity: 3, waitlist: true }));
  recentEvent = await eventId(await makeEvent(handle.db, ids, soon, { slug: 'last-week', mode: 'signup', capacity: 3 }));
  const person = (name: string, contact: { email?: string; phone?: string }, adults = 1) => ({
    name,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    adults,
    children: 1,
    smallChildren: 0,
    language: 'fi' as const,
    answers: { diet: 'vegan' },
  });
  await createSignup(handle.db, oldEvent, person('Aino Virtanen', { email: 'aino@example.org' }));
  await createSignup(handle.db, oldEvent, person('Bashir', { phone: '+358401234567' }, 2));
  await createSignup(handle.db, recentEvent, person('Carla', { email: 'carla@example.org' }));
  // Both events are over now: one 100 days ago, one 10 days ago; their emails went out then.
  for (const [id, daysAgo] of [
    [oldEvent, 100],
    [recentEvent, 10],
  ] as const) {
    const end = new Date(Date.now() - daysAgo * DAY);
    await handle.db
      .update(events)
      .set({ startsAt: new Date(end.getTime() - 2 * 3_600_000), endsAt: end })
      .where(eq(events.id, id));
    await handle.db.update(outbox).set({ status: 'sent', createdAt: end }).where(eq(outbox.eventId, id));
  }
  // One old message still waiting for a mail server that was away: never deleted under a worker.
  await handle.db.insert(outbox).values({
    hubId: ids.hub.id,
    kind: 'signup-link',
    recipient: 'late@example.org',
    language: 'fi',
    status: 'pending',
    createdAt: new Date(Date.now() - 100 * DAY),
  });
  dir = mkdtempSync(join(tmpdir(), 'tori-eml-'));
  for (const [name, daysAgo] of [
    ['old.eml', 100],
    ['new.eml', 1],
    ['notes.txt', 100],
    // Text messages written as files (decision 021): named after their outbox row.
    ['2026-01-01T10-00-00-000Z-0b6f7c52-6a0e-4c43-9b7e-0d5f3c1a2b3c.txt', 100],
    ['2026-12-01T10-00-00-000Z-1c7a8d63-7b1f-4d54-8c8f-1e6a4d2b3c4d.txt', 1],
  ] as const) {
    writeFileSync(join(dir, name), 'To: someone');
    const at = new Date(Date.now() - daysAgo * DAY);
    utimesSync(join(dir, name), at, at);
  }
});

afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention', () => {
  it('removes names, contacts, answers and manage links after the set time; the counts stay', async () => {
    const before = await handle.db.select().from(signups).where(eq(signups.eventId, oldEvent));
    const [eventBefore] = await handle.db.select().from(events).where(eq(events.id, oldEvent));
    // Two runs at once (two workers, or the CLI beside one) do the work once.
    const runs = await Promise.all([1, 2].map(() => runRetention(handle.db, { now: new Date(), days: 90, outboxDir: dir })));
    expect(runs.map((r) => r.signups).sort()).toEqual([0, 2]);

    const after = await handle.db.select().from(signups).where(eq(signups.eventId, oldEvent));
    for (const row of after) {
      expect(row).toMatchObject({ name: '', email: null, phone: null, answers: {} });
      expect(row.anonymizedAt).toBeInstanceOf(Date);
      const was = before.find((b) => b.id === row.id)!;
      expect([row.status, row.adults, row.children, row.seats, row.queueNo]).toEqual([
        was.status,
        was.adults,
        was.children,
        was.seats,
        was.queueNo,
      ]);
    }
    const [eventAfter] = await handle.db.select().from(events).where(eq(events.id, oldEvent));
    expect([eventAfter!.seatsTaken, eventAfter!.waitingCount]).toEqual([eventBefore!.seatsTaken, eventBefore!.waitingCount]);
    expect(
      await handle.db
        .select()
        .from(signupTokens)
        .where(
          inArray(
            signupTokens.signupId,
            after.map((a) => a.id),
          ),
        ),
    ).toEqual([]);
  });

  it('leaves recent events, messages still to send and new files alone', async () => {
    const recent = await handle.db.select().from(signups).where(eq(signups.eventId, recentEvent));
    expect(recent.map((r) => [r.name, r.email, r.anonymizedAt])).toEqual([['Carla', 'carla@example.org', null]]);
    expect((await handle.db.select().from(signupTokens).where(eq(signupTokens.signupId, recent[0]!.id))).length).toBe(1);
    const left = await handle.db.select({ recipient: outbox.recipient, status: outbox.status, eventId: outbox.eventId }).from(outbox);
    expect(left.filter((m) => m.eventId === oldEvent)).toEqual([]);
    expect(left.some((m) => m.recipient === 'late@example.org' && m.status === 'pending')).toBe(true);
    expect(left.some((m) => m.recipient === 'carla@example.org')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['2026-12-01T10-00-00-000Z-1c7a8d63-7b1f-4d54-8c8f-1e6a4d2b3c4d.txt', 'new.eml', 'notes.txt']);
  });

  it('finds nothing new when run again', async () => {
    expect(await runRetention(handle.db, { now: new Date(), days: 90, outboxDir: dir })).toMatchObject({ signups: 0, emails: 0, files: 0 });
  });
});

describe('offers to help (decision 031)', () => {
  it('go like sign-ups after the retention time, except a confirmed helper’s record of hours', async () => {
    const [task] = await handle.db.insert(helperTasks).values({ eventId: oldEvent, kind: 'cook', needed: 2, confirmed: 2 }).returning();
    const offer = (name: string, email: string, status: 'offered' | 'confirmed', minutes: number | null) => ({
      taskId: task!.id,
      name,
      email,
      reach: email,
      spoken: ['fi', 'ar'],
      language: 'fi',
      status,
      minutes,
      consentAt: new Date(),
    });
    const made = await handle.db
      .insert(helperOffers)
      .values([
        offer('Offered Only', 'offered@example.org', 'offered', null),
        offer('Hours Kept', 'hours@example.org', 'confirmed', 120),
        offer('No Hours', 'nohours@example.org', 'confirmed', null),
      ])
      .returning();
    await handle.db.insert(helperTokens).values(made.map((m, i) => ({ tokenHash: `retention-helper-${i}`, offerId: m.id })));

    await runRetention(handle.db, { now: new Date(), days: 90 });

    const after = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, task!.id));
    const byId = new Map(after.map((a) => [a.id, a]));
    for (const gone of [made[0]!, made[2]!]) {
      const row = byId.get(gone.id)!;
      expect([row.name, row.email, row.reach, row.spoken, row.anonymizedAt !== null]).toEqual(['', null, null, [], true]);
    }
    const kept = byId.get(made[1]!.id)!;
    expect([kept.name, kept.email, kept.minutes, kept.anonymizedAt]).toEqual(['Hours Kept', 'hours@example.org', 120, null]);
    const tokens = await handle.db
      .select()
      .from(helperTokens)
      .where(
        inArray(
          helperTokens.offerId,
          made.map((m) => m.id),
        ),
      );
    expect(tokens.map((t) => t.offerId)).toEqual([made[1]!.id]);
  });
});
