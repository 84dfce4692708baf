import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { auditLog } from '#db/schema/users.ts';
import { attendeesCsv, csvCell } from '#features/attendees/csv.ts';
import { messageAttendees } from '#features/attendees/messages.ts';
import { addWalkIn, markAttendance, promoteByHand } from '#features/attendees/mutations.ts';
import { outbox } from '#db/schema/outbox.ts';
import { listAttendees } from '#features/attendees/queries.ts';
import { createSignup } from '#features/signups/mutations.ts';
import type { Actor } from '#features/auth/policy.ts';
import { findBrokenCounters } from '#features/seats/check.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let eventId: string;
let leader: Actor;
let stranger: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  const ids = await makeHub(handle.db, 'main');
  await makeEvent(handle.db, ids, new Date(Date.now() + 86_400_000), {
    slug: 'door',
    mode: 'signup',
    capacity: 4,
    waitlist: true,
    group: 'cooks',
  });
  [{ id: eventId }] = (await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, 'door'))) as [{ id: string }];
  const actorOf = (email: string, groupSlugs: string[]) => addActor(handle.db, { hubId: ids.hub.id, email, role: 'leader', groupSlugs });
  leader = await actorOf('lead@example.org', ['cooks']);
  stranger = await actorOf('other@example.org', ['cafe-group']);
  for (const [name, adults] of [
    ['=SUM(A1)', 2],
    ['Bo', 2],
    ['Cy', 1],
    ['Di', 1],
  ] as const) {
    await createSignup(handle.db, eventId, {
      name,
      email: `${name.length}${adults}${Math.random()}@example.org`.replace(/[^a-z0-9@.]/gi, ''),
      phone: null,
      adults,
      children: 0,
      smallChildren: 0,
      language: 'fi',
      answers: {},
    });
  }
});

afterAll(async () => {
  await handle?.close();
});

/** A CSV reader for what attendeesCsv writes: every cell quoted, "" inside a cell, CRLF lines. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

describe('the attendee list', () => {
  it('a leader of another group may change nothing on the list', async () => {
    const waiting = (await listAttendees(handle.db, eventId)).find((a) => a.status === 'waitlisted')!;
    expect(await promoteByHand(handle.db, stranger, eventId, waiting.id)).toEqual({ kind: 'forbidden' });
    expect(await addWalkIn(handle.db, stranger, eventId, { name: 'X', adults: 1, children: 0 })).toEqual({ kind: 'forbidden' });
    expect(await markAttendance(handle.db, stranger, eventId, [])).toEqual({ kind: 'forbidden' });
    expect(await messageAttendees(handle.db, stranger, eventId, 'all', { language: 'fi', text: 'Hei' })).toEqual({ kind: 'forbidden' });
    expect(await messageAttendees(handle.db, { kind: 'anonymous' }, eventId, 'all', { language: 'fi', text: 'Hei' })).toEqual({
      kind: 'forbidden',
    });
  });

  it('lists confirmed, then the waiting list in order', async () => {
    const list = await listAttendees(handle.db, eventId);
    expect(list.map((a) => [a.name, a.status, a.position])).toEqual([
      ['=SUM(A1)', 'confirmed', null],
      ['Bo', 'confirmed', null],
      ['Cy', 'waitlisted', 1],
      ['Di', 'waitlisted', 2],
    ]);
  });

  it('moves one person off the waiting list by hand, out of turn, when they fit', async () => {
    const list = await listAttendees(handle.db, eventId);
    const di = list.find((a) => a.name === 'Di')!;
    const cy = list.find((a) => a.name === 'Cy')!;
    expect(await promoteByHand(handle.db, leader, eventId, di.id)).toEqual({ kind: 'no-room', free: 0 });
    await handle.db.update(events).set({ capacity: 5 }).where(eq(events.id, eventId));
    expect(await promoteByHand(handle.db, leader, eventId, di.id)).toEqual({ kind: 'promoted' });
    expect(await promoteByHand(handle.db, leader, eventId, cy.id)).toEqual({ kind: 'no-room', free: 0 });
    expect(await promoteByHand(handle.db, leader, eventId, di.id)).toEqual({ kind: 'not-waiting' });
    // A sign-up of another event cannot be moved from this event's list.
    expect(await promoteByHand(handle.db, leader, '00000000-0000-4000-8000-000000000000', cy.id)).toEqual({ kind: 'not-found' });
    const [event] = await handle.db.select().from(events).where(eq(events.id, eventId));
    expect([event!.seatsTaken, event!.waitingCount]).toEqual([5, 1]);
  });

  it('adds a walk-in only into free seats, marked present', async () => {
    expect(await addWalkIn(handle.db, leader, eventId, { name: 'Ella', adults: 1, children: 0 })).toEqual({ kind: 'no-room', free: 0 });
    await handle.db.update(events).set({ capacity: 7 }).where(eq(events.id, eventId));
    const added = await addWalkIn(handle.db, leader, eventId, { name: 'Ella', adults: 1, children: 1 });
    expect(added.kind).toBe('added');
    const ella = (await listAttendees(handle.db, eventId)).find((a) => a.name === 'Ella')!;
    expect(ella).toMatchObject({ walkIn: true, attended: true, status: 'confirmed', email: null, phone: null, seats: 2 });
  });

  it('marks who came and who did not; the CSV says the same and cannot run formulas', async () => {
    const list = await listAttendees(handle.db, eventId);
    const confirmed = list.filter((a) => a.status === 'confirmed');
    const came = confirmed.filter((a) => a.name !== 'Bo').map((a) => a.id);
    const people = confirmed.filter((a) => a.name !== 'Bo').reduce((n, a) => n + a.adults + a.children + a.smallChildren, 0);
    expect(await markAttendance(handle.db, leader, eventId, [...came, 'not-an-id', list.find((a) => a.name === 'Cy')!.id])).toEqual({
      kind: 'marked',
      came: came.length,
      people,
    });
    const after = await listAttendees(handle.db, eventId);
    expect(Object.fromEntries(after.map((a) => [a.name, a.attended]))).toEqual({
      '=SUM(A1)': true,
      Bo: false,
      Di: true,
      Ella: true,
      Cy: null,
    });
    const csv = attendeesCsv(after, []);
    expect(csv.startsWith('\uFEFF"name","email"')).toBe(true);
    // Row by row, the CSV says what the list says (a formula-like name comes back with its apostrophe).
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(after.length);
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    after.forEach((a, i) => {
      const row = rows[i]!;
      expect(col(row, 'name')).toBe(a.name.startsWith('=') ? `'${a.name}` : a.name);
      expect([
        col(row, 'email'),
        col(row, 'phone'),
        col(row, 'status'),
        col(row, 'position'),
        col(row, 'seats'),
        col(row, 'attended'),
        col(row, 'attended_people'),
        col(row, 'walk_in'),
      ]).toEqual([
        a.email ?? '',
        a.phone ?? '',
        a.status,
        a.position === null ? '' : String(a.position),
        String(a.seats),
        a.attended === null ? '' : a.attended ? 'yes' : 'no',
        a.attendedPeople === null ? '' : String(a.attendedPeople),
        a.walkIn ? 'yes' : 'no',
      ]);
    });
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('+358 40')).toBe(`"'+358 40"`);
    const audit = await handle.db.select().from(auditLog);
    expect(audit.map((a) => a.action).sort()).toEqual(['attendance.mark', 'signup.promote', 'signup.walk-in', 'user.add', 'user.add']);
  });

  it('a message goes as one queued email to each person with an email, a text message to those with only a phone', async () => {
    expect(await messageAttendees(handle.db, leader, eventId, 'confirmed', { language: 'fi', text: '   ' })).toEqual({ kind: 'empty' });
    expect(await messageAttendees(handle.db, leader, eventId, 'waitlisted', { language: 'fi', text: 'Tervetuloa!' })).toEqual({
      kind: 'queued',
      emailed: 1,
      texted: 0,
    });
    // One on the waiting list with only a phone gets a text message; Ella, a walk-in with no contact at all, nothing.
    expect(
      (
        await createSignup(handle.db, eventId, {
          name: 'Fa',
          email: null,
          phone: '+358401234567',
          adults: 1,
          children: 0,
          smallChildren: 0,
          language: 'fi',
          answers: {},
        })
      ).kind,
    ).toBe('waitlisted');
    expect(await messageAttendees(handle.db, leader, eventId, 'all', { language: 'fi', text: 'Muistakaa esiliina.' })).toEqual({
      kind: 'queued',
      emailed: 4,
      texted: 1,
    });
    const queued = await handle.db.select().from(outbox).where(eq(outbox.kind, 'leader-message'));
    expect(queued).toHaveLength(6);
    expect(queued[0]!.payload).toEqual({ text: 'Tervetuloa!', textLanguage: 'fi' });
    expect(queued.filter((q) => q.channel === 'sms').map((q) => q.recipient)).toEqual(['+358401234567']);
    expect(await findBrokenCounters(handle.db)).toEqual([]);
  });
});
