import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.ts';
import { events } from '../../src/db/schema/events.ts';
import { auditLog } from '../../src/db/schema/users.ts';
import { attendeesCsv, csvCell } from '../../src/features/attendees/csv.ts';
import { messageAttendees } from '../../src/features/attendees/messages.ts';
import { addWalkIn, markAttendance, promoteByHand } from '../../src/features/attendees/mutations.ts';
import { outbox } from '../../src/db/schema/outbox.ts';
import { listAttendees } from '../../src/features/attendees/queries.ts';
import { createSignup } from '../../src/features/signups/mutations.ts';
import { addUser } from '../../src/features/users/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let eventId: string;
let leader: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  await makeEvent(handle.db, ids, new Date(Date.now() + 86_400_000), { slug: 'door', mode: 'signup', capacity: 4, waitlist: true, group: 'cooks' });
  [{ id: eventId }] = await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, 'door')) as [{ id: string }];
  const added = await addUser(handle.db, { hubId: ids.hub.id, email: 'lead@example.org', role: 'leader', groupSlugs: ['cooks'] });
  leader = added.kind === 'added' ? added.userId : '';
  for (const [name, adults] of [['=SUM(A1)', 2], ['Bo', 2], ['Cy', 1], ['Di', 1]] as const) {
    await createSignup(handle.db, eventId, { name, email: `${name.length}${adults}${Math.random()}@example.org`.replace(/[^a-z0-9@.]/gi, ''), phone: null, adults, children: 0, smallChildren: 0, language: 'fi', answers: {} });
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('the attendee list', () => {
  it('lists confirmed, then the waiting list in order', async () => {
    const list = await listAttendees(handle.db, eventId);
    expect(list.map((a) => [a.name, a.status, a.position])).toEqual([
      ['=SUM(A1)', 'confirmed', null], ['Bo', 'confirmed', null], ['Cy', 'waitlisted', 1], ['Di', 'waitlisted', 2],
    ]);
  });

  it('moves one person off the waiting list by hand, out of turn, when they fit', async () => {
    const list = await listAttendees(handle.db, eventId);
    const di = list.find((a) => a.name === 'Di')!;
    const cy = list.find((a) => a.name === 'Cy')!;
    expect(await promoteByHand(handle.db, eventId, di.id, leader)).toEqual({ kind: 'no-room', free: 0 });
    await handle.db.update(events).set({ capacity: 5 }).where(eq(events.id, eventId));
    expect(await promoteByHand(handle.db, eventId, di.id, leader)).toEqual({ kind: 'promoted' });
    expect(await promoteByHand(handle.db, eventId, cy.id, leader)).toEqual({ kind: 'no-room', free: 0 });
    expect(await promoteByHand(handle.db, eventId, di.id, leader)).toEqual({ kind: 'not-waiting' });
    // A sign-up of another event cannot be moved from this event's list.
    expect(await promoteByHand(handle.db, '00000000-0000-4000-8000-000000000000', cy.id, leader)).toEqual({ kind: 'not-found' });
    const [event] = await handle.db.select().from(events).where(eq(events.id, eventId));
    expect([event!.seatsTaken, event!.waitingCount]).toEqual([5, 1]);
  });

  it('adds a walk-in only into free seats, marked present', async () => {
    expect(await addWalkIn(handle.db, eventId, { name: 'Ella', adults: 1, children: 0 }, leader)).toEqual({ kind: 'no-room', free: 0 });
    await handle.db.update(events).set({ capacity: 7 }).where(eq(events.id, eventId));
    const added = await addWalkIn(handle.db, eventId, { name: 'Ella', adults: 1, children: 1 }, leader);
    expect(added.kind).toBe('added');
    const ella = (await listAttendees(handle.db, eventId)).find((a) => a.name === 'Ella')!;
    expect(ella).toMatchObject({ walkIn: true, attended: true, status: 'confirmed', email: null, phone: null, seats: 2 });
  });

  it('marks who came and who did not; the CSV says the same and cannot run formulas', async () => {
    const list = await listAttendees(handle.db, eventId);
    const confirmed = list.filter((a) => a.status === 'confirmed');
    const came = confirmed.filter((a) => a.name !== 'Bo').map((a) => a.id);
    expect(await markAttendance(handle.db, eventId, [...came, 'not-an-id', list.find((a) => a.name === 'Cy')!.id], leader)).toBe(came.length);
    const after = await listAttendees(handle.db, eventId);
    expect(Object.fromEntries(after.map((a) => [a.name, a.attended]))).toEqual({ '=SUM(A1)': true, Bo: false, Di: true, Ella: true, Cy: null });
    const csv = attendeesCsv(after, []);
    expect(csv.startsWith('\uFEFF"name","email"')).toBe(true);
    expect(csv).toContain(`"'=SUM(A1)"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('+358 40')).toBe(`"'+358 40"`);
    const audit = await handle.db.select().from(auditLog);
    expect(audit.map((a) => a.action).sort()).toEqual(['attendance.mark', 'signup.promote', 'signup.walk-in', 'user.add']);
  });

  it('a message goes as one queued email to each person with an email; only those with a phone count as phone only', async () => {
    expect(await messageAttendees(handle.db, eventId, 'confirmed', '   ', leader)).toEqual({ kind: 'empty' });
    expect(await messageAttendees(handle.db, eventId, 'waitlisted', 'Tervetuloa!', leader)).toEqual({ kind: 'queued', emailed: 1, phoneOnly: 0 });
    // One on the waiting list with only a phone counts as "phone only"; Ella, a walk-in with no contact at all, does not.
    expect((await createSignup(handle.db, eventId, { name: 'Fa', email: null, phone: '+358401234567', adults: 1, children: 0, smallChildren: 0, language: 'fi', answers: {} })).kind).toBe('waitlisted');
    expect(await messageAttendees(handle.db, eventId, 'all', 'Muistakaa esiliina.', leader)).toEqual({ kind: 'queued', emailed: 4, phoneOnly: 1 });
    const queued = await handle.db.select().from(outbox).where(eq(outbox.kind, 'leader-message'));
    expect(queued).toHaveLength(5);
    expect(queued[0]!.payload).toEqual({ text: 'Tervetuloa!' });
  });
});
