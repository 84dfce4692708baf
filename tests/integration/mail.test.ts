import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#config';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { updateEvent } from '#features/events/editing.ts';
import type { Actor } from '#features/auth/policy.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { emailChannel } from '#features/mail/channels.ts';
import { scheduleReminders } from '#features/mail/reminders.ts';
import { smtpTransport, type MailTransport } from '#features/mail/transport.ts';
import { workOnce, type WorkerSettings } from '#features/mail/worker.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { addActor, helsinki, makeEvent, makeHub, signupInput } from '../setup/fixtures.ts';
import { TestSmtp } from '../setup/smtp.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const smtp = new TestSmtp();
let transport: MailTransport;
const settings: WorkerSettings = { batchSize: 10, leaseSeconds: 60, maxAttempts: 8, retryBaseSeconds: 0.01 };
const config = parseConfig({ PUBLIC_URL: 'https://tori.example.fi', MAIL_FROM: 'Kototori <tori@example.fi>' });
const person = signupInput;

async function idOf(slug: string) {
  const [row] = await handle.db.select({ id: events.id }).from(events).where(eq(events.slug, slug));
  return row!.id;
}

/** Runs worker rounds until nothing is due (or `rounds` run out). */
async function drain(now = new Date(), rounds = 50) {
  const channel = emailChannel(transport, config);
  for (let i = 0; i < rounds; i++) {
    const report = await workOnce(handle.db, channel, settings, now);
    if (report.claimed === 0) return;
  }
}

beforeAll(async () => {
  [handle] = await Promise.all([createTestDatabase(), smtp.start()]);
  transport = smtpTransport(smtp.url);
  ids = await makeHub(handle.db, 'main');
});

afterAll(async () => {
  transport?.close();
  await smtp.stop();
  await handle?.close();
});

beforeEach(() => {
  smtp.received = [];
});

describe('confirmations through a real SMTP server', () => {
  it('arrive with the manage link and a calendar part that ical.js reads, in the right time zone', async () => {
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5 * 86_400_000);
    await makeEvent(handle.db, ids, start, {
      slug: 'confirm-me',
      mode: 'signup',
      capacity: 5,
      title: { fi: 'Kokkikurssi', ar: 'دورة طبخ' },
      place: 'hall',
    });
    const outcome = await createSignup(handle.db, await idOf('confirm-me'), person({ name: 'Maija' }));
    await drain();
    await smtp.waitFor(1);
    const [got] = smtp.received;
    expect(got!.mail.subject).toBe('Sinulla on paikka: Kokkikurssi');
    expect(got!.mail.from?.text).toContain('tori@example.fi');
    expect(got!.messageId).toMatch(/@tori\.example\.fi>$/);
    // The typed name is in the message, but never opens it (anyone can type any name).
    expect(got!.mail.text).toContain('Ilmoittautumisessa annettu nimi: Maija');
    expect(got!.mail.text!.split('\n')[0]).not.toContain('Maija');
    expect(got!.mail.subject).not.toContain('Maija');
    expect(outcome.kind).toBe('confirmed');
    expect(got!.mail.text).toContain(`/fi/signup/${outcome.kind === 'confirmed' ? outcome.token : 'none'}\n`);
    expect(got!.mail.html).toContain('https://tori.example.fi/fi/events/confirm-me');
    const ics = got!.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
    for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(vevent.startDate.toJSDate().getTime()).toBe(start.getTime());
    expect(vevent.summary).toBe('Kokkikurssi');
    // Sent: the link no longer sits in the database.
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.kind, 'signup-confirmed'));
    expect(row).toMatchObject({ status: 'sent', payload: {} });
  });

  it('an Arabic sign-up gets an Arabic email, right to left', async () => {
    await createSignup(handle.db, await idOf('confirm-me'), person({ name: 'ليلى', language: 'ar' }));
    await drain();
    await smtp.waitFor(1);
    const [got] = smtp.received;
    expect(got!.mail.subject).toMatch(/[\u0600-\u06ff]/);
    expect(got!.mail.subject).toContain('دورة طبخ');
    expect(got!.mail.html).toContain('dir="rtl"');
    expect(got!.mail.text).toContain('ليلى');
  });

  it('phone-only sign-ups queue a text message, no email (decision 021), which the email channel never sends', async () => {
    const before = (await handle.db.select().from(outbox)).length;
    await createSignup(handle.db, await idOf('confirm-me'), person({ email: null, phone: '+358401234999' }));
    const after = await handle.db.select().from(outbox);
    expect(after.length).toBe(before + 1);
    expect(after.filter((r) => r.recipient === '+358401234999').map((r) => r.channel)).toEqual(['sms']);
    const sent = smtp.received.length;
    await drain();
    expect(smtp.received.length).toBe(sent);
    expect(await handle.db.select().from(outbox).where(eq(outbox.recipient, '+358401234999'))).toMatchObject([
      { status: 'skipped', lastError: 'not an email (sms)' },
    ]);
  });
});

describe('when the mail server is away', () => {
  it('50 sign-ups made meanwhile all arrive once it is back, each exactly once', async () => {
    await makeEvent(handle.db, ids, new Date(Date.now() + 6 * 86_400_000), { slug: 'busy', mode: 'signup', capacity: 100 });
    const port = smtp.port;
    await smtp.stop();
    const eventId = await idOf('busy');
    for (let i = 0; i < 50; i++) await createSignup(handle.db, eventId, person());
    await drain(new Date(), 5);
    const waiting = await handle.db.select().from(outbox).where(eq(outbox.status, 'pending'));
    expect(waiting.length).toBe(50);
    expect(waiting.every((r) => r.attempts >= 1 && r.lastError)).toBe(true);
    await smtp.start(port);
    await drain(new Date(Date.now() + 60_000));
    await smtp.waitFor(50);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(50);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(50);
    expect(new Set(smtp.received.map((m) => (m.mail.to && 'text' in m.mail.to ? m.mail.to.text : ''))).size).toBe(50);
  });

  it('gives up after the last attempt and keeps the error for admins', async () => {
    const dead = smtpTransport('smtp://127.0.0.1:9');
    const channel = emailChannel(dead, config);
    const [row] = await handle.db
      .insert(outbox)
      .values({
        hubId: ids.hub.id,
        kind: 'login-link',
        recipient: 'x@example.org',
        language: 'fi',
        payload: { url: 'https://tori.example.fi/x' },
      })
      .returning();
    for (let i = 0; i < settings.maxAttempts + 2; i++)
      await workOnce(handle.db, channel, settings, new Date(Date.now() + (i + 1) * 3_600_000 * 7));
    dead.close();
    const [after] = await handle.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(after).toMatchObject({ status: 'failed', attempts: settings.maxAttempts });
    expect(after!.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('reminders', () => {
  const hour = 3_600_000;

  it('go at the new time when the event moves 3 hours later, once, with List-Unsubscribe', async () => {
    const start = helsinki(2031, 3, 12, 17);
    await makeEvent(handle.db, ids, start, { slug: 'moving', mode: 'signup', capacity: 10 });
    const eventId = await idOf('moving');
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 72 * hour));
    await handle.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.eventId, eventId));
    // The leader moves the event three hours later before the reminder time.
    await handle.db
      .update(events)
      .set({ startsAt: new Date(start.getTime() + 3 * hour), endsAt: new Date(start.getTime() + 5 * hour), sequence: 1 })
      .where(eq(events.id, eventId));
    expect(await scheduleReminders(handle.db, new Date(start.getTime() - 24 * hour + 60_000))).toBe(0);
    const newTime = new Date(start.getTime() + 3 * hour - 24 * hour + 60_000);
    expect(await scheduleReminders(handle.db, newTime)).toBe(1);
    expect(await scheduleReminders(handle.db, new Date(newTime.getTime() + hour))).toBe(0);
    await drain(newTime);
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toMatch(/^Muistutus: moving/);
    expect(smtp.received[0]!.mail.text).toContain('20.00'); // 17.00 + 3 h, Helsinki time
    expect(smtp.received[0]!.raw).toMatch(/^List-Unsubscribe:\s*<[^>]+\/signup\/[\w-]+\?reminders=off>/m);
  });

  it('a reminder queued before the event moved is skipped; a cancelled event sends none', async () => {
    const start = helsinki(2031, 4, 2, 12);
    await makeEvent(handle.db, ids, start, { slug: 'shaky', mode: 'signup', capacity: 10 });
    const eventId = await idOf('shaky');
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 72 * hour));
    await handle.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.eventId, eventId));
    const due = new Date(start.getTime() - 23 * hour);
    expect(await scheduleReminders(handle.db, due)).toBe(1);
    await handle.db.update(events).set({ status: 'cancelled', sequence: 1 }).where(eq(events.id, eventId));
    expect(await scheduleReminders(handle.db, due)).toBe(0);
    await drain(due);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(0);
    const [reminder] = await handle.db.select().from(outbox).where(eq(outbox.kind, 'reminder'));
    expect(reminder).toBeDefined();
    const rows = await handle.db.select().from(outbox).where(eq(outbox.eventId, eventId));
    expect(rows.find((r) => r.kind === 'reminder')!.status).toBe('skipped');
  });

  it('a sign-up made after the reminder time gets none, and a morning reminder is its own', async () => {
    const start = helsinki(2031, 5, 6, 18);
    await makeEvent(handle.db, ids, start, { slug: 'late', mode: 'signup', capacity: 10, morningReminder: true });
    const eventId = await idOf('late');
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 48 * hour));
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 12 * hour));
    // 08:00 Helsinki on the day: both reminders of the early one, only the morning one of the late one.
    const morning = helsinki(2031, 5, 6, 8, 1);
    expect(await scheduleReminders(handle.db, morning)).toBe(3);
  });
});

describe('changes to an event reach its attendees', () => {
  it('a moved event: everyone with an email hears the new time, with an updated calendar entry (the phone-only one by text)', async () => {
    const start = helsinki(2031, 6, 10, 17);
    await makeEvent(handle.db, ids, start, {
      slug: 'moved-by-leader',
      mode: 'signup',
      capacity: 1,
      waitlist: true,
      title: { fi: 'Kerho' },
    });
    const eventId = await idOf('moved-by-leader');
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 72 * 3_600_000));
    await createSignup(handle.db, eventId, person(), new Date(start.getTime() - 72 * 3_600_000));
    await createSignup(handle.db, eventId, person({ email: null, phone: '+358401230000' }), new Date(start.getTime() - 72 * 3_600_000));
    await drain();
    await smtp.waitFor(2);
    smtp.received = [];
    const later = new Date(start.getTime() + 2 * 3_600_000);
    // Through updateEvent, the path the leaders' form and the API take.
    const actor: Actor = await addActor(handle.db, { hubId: ids.hub.id, email: 'mover@example.org', role: 'admin' });
    expect(await updateEvent(handle.db, actor, eventId, { start: later, end: new Date(later.getTime() + 3_600_000) })).toEqual({
      kind: 'ok',
      eventId,
    });
    const queued = await handle.db.select().from(outbox).where(eq(outbox.kind, 'event-changed'));
    expect(queued.filter((m) => m.eventId === eventId && m.channel === 'email')).toHaveLength(2);
    expect(queued.filter((m) => m.eventId === eventId && m.channel === 'sms').map((m) => m.recipient)).toEqual(['+358401230000']);
    await drain();
    await smtp.waitFor(2);
    expect(smtp.received.map((m) => m.mail.subject)).toEqual(['Muuttunut: Kerho', 'Muuttunut: Kerho']);
    const ics = smtp.received[0]!.mail.attachments[0]!.content.toString('utf8');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('DTSTART;TZID=Europe/Helsinki:20310610T190000');
  });

  it('a cancelled event: attendees get STATUS:CANCELLED, and cancelling twice tells nobody twice', async () => {
    const eventId = await idOf('moved-by-leader');
    smtp.received = [];
    // Two by email, the phone-only one by text message (decision 021).
    expect(await cancelEvent(handle.db, SYSTEM, eventId)).toEqual({ kind: 'cancelled', notified: 3 });
    expect(await cancelEvent(handle.db, SYSTEM, eventId)).toEqual({ kind: 'already-cancelled' });
    await drain();
    await smtp.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.mail.subject).toBe('Peruttu: Kerho');
    expect(smtp.received[0]!.mail.attachments[0]!.content.toString('utf8')).toContain('STATUS:CANCELLED');
    const [event] = await handle.db.select().from(events).where(eq(events.id, eventId));
    expect([event!.status, event!.sequence]).toEqual(['cancelled', 2]);
  });
});
