import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import { messageAttendees } from '#features/attendees/messages.ts';
import { messageReach } from '#features/attendees/reach.ts';
import type { Actor } from '#features/auth/policy.ts';
import { SMS_CAP, SMS_OFF, SMS_STOPPED } from '#features/mail/sms-compose.ts';
import { smsSentThisMonth } from '#features/mail/sms-usage.ts';
import { workOnce } from '#features/mail/worker.ts';
import { cancelSignup, createSignup, stopTextMessages } from '#features/signups/mutations.ts';
import type { SignupInput } from '#features/signups/schema.ts';
import { DeliveryBench } from '../setup/delivery.ts';
import { addActor, makeEvent, signupInput, type makeHub } from '../setup/fixtures.ts';

// Text messages end to end inside one process: the sign-up functions queue them, the worker
// delivers them to a real SMPP server, and what that server decoded is checked.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
let leader: Actor;
const bench = new DeliveryBench({ batchSize: 10 });
const { gateway, smtp } = bench;
const day = 86_400_000;
let phoneNo = 1_000_000;
const phoneOnly = (language: 'fi' | 'ar', name = 'Resident'): SignupInput =>
  signupInput({ name, email: null, phone: `+35840${++phoneNo}`, language });
const withEmail = (): SignupInput => ({ ...phoneOnly('fi'), phone: null, email: `guest${++phoneNo}@example.org` });

const drain = (now = new Date()) => bench.drain(now);

// Segments as GSM 03.40 counts them, from the decoded text: 160/153 septets, 70/67 UTF-16 units.
function expectedSegments(text: string, dataCoding: number): number {
  if (dataCoding === 0) {
    const septets = [...text].reduce((n, c) => n + ('€[]{}~^|\\\f'.includes(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

async function newEvent(slug: string, title: Record<string, string>, options: { capacity?: number; inDays?: number } = {}) {
  await makeEvent(handle.db, ids, new Date(Date.now() + (options.inDays ?? 5) * day), {
    slug,
    title,
    mode: 'signup',
    capacity: options.capacity ?? 10,
    waitlist: true,
    group: 'cooks',
  });
  const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
  return event!;
}

const rowsOf = (signupId: string) => handle.db.select().from(outbox).where(eq(outbox.signupId, signupId));

beforeAll(async () => {
  await bench.start();
  ({ handle, ids } = bench);
  leader = await addActor(handle.db, { hubId: ids.hub.id, email: 'lead@example.org', role: 'leader', groupSlugs: ['cooks'] });
});
afterAll(() => bench.stop());
beforeEach(async () => {
  await drain();
  gateway.received = [];
  smtp.received = [];
});

describe('a phone-only sign-up gets its messages by text, exactly once', () => {
  it('in Finnish as GSM-7: confirmation with the short manage link, then the reminder', async () => {
    const event = await newEvent('aitien-kahvila', { fi: 'Äitien kahvila', en: "Mothers' café" }, { inDays: 3 });
    const made = await createSignup(handle.db, event.id, phoneOnly('fi'));
    expect(made.kind).toBe('confirmed');
    await drain();
    await drain();
    const [confirmation, ...more] = gateway.messages();
    expect(more).toEqual([]);
    expect(confirmation!.to).toBe(`35840${phoneNo}`);
    expect(confirmation!.dataCoding).toBe(0);
    expect(confirmation!.text).toMatch(
      /^Sinulla on paikka: Äitien kahvila, \S+ \d+\.\d+\. klo \d+\.\d+\. Muuta tai peru:\nhttps:\/\/tori\.example\.fi\/m\/[\w-]{27}$/,
    );
    expect(confirmation!.segments).toBe(expectedSegments(confirmation!.text, 0));
    expect(gateway.received.every((r) => r.from === 'Tori' && r.dataCoding === 0)).toBe(true);
    // Sent: the link is no longer kept in the queue (decision 007).
    const [row] = await rowsOf(made.kind === 'confirmed' ? made.signupId : '');
    expect(row).toMatchObject({ channel: 'sms', status: 'sent', payload: {} });

    // The reminder falls due 24 h before the start: the worker's clock is moved there.
    gateway.received = [];
    const due = new Date(event.startsAt.getTime() - 12 * 3_600_000);
    await drain(due);
    await drain(due);
    const reminders = gateway.messages();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toMatch(/^Muistutus: Äitien kahvila, .*\nhttps:\/\/tori\.example\.fi\/m\/[\w-]{27}$/);
    expect(reminders[0]!.segments).toBe(expectedSegments(reminders[0]!.text, 0));
    expect(smtp.received).toEqual([]);
  });

  it('in Arabic as UCS-2, in concatenated segments that join up: confirmation, waiting list, move-up', async () => {
    const event = await newEvent('arabic-cafe', { fi: 'Äitien kahvila', ar: 'مقهى الأمهات' }, { capacity: 1 });
    const first = await createSignup(handle.db, event.id, withEmail());
    const waiting = await createSignup(handle.db, event.id, phoneOnly('ar'));
    expect(waiting.kind).toBe('waitlisted');
    await drain();
    const [listed] = gateway.messages();
    expect(listed!.dataCoding).toBe(8);
    expect(listed!.text).toMatch(/^أنت رقم [1١] في قائمة الانتظار: مقهى الأمهات، .*\nhttps:\/\/tori\.example\.fi\/m\/[\w-]{27}$/s);
    expect(listed!.segments).toBe(expectedSegments(listed!.text, 8));
    expect(listed!.segments).toBeGreaterThan(1);
    // Every part says it is part of a whole (UDHI) and carries the same reference.
    expect(gateway.received.every((r) => r.esmClass & 0x40)).toBe(true);
    expect(gateway.received.map((r) => r.part!.seq)).toEqual(Array.from({ length: listed!.segments }, (_, i) => i + 1));

    gateway.received = [];
    expect((await cancelSignup(handle.db, first.kind === 'confirmed' ? first.signupId : '')).kind).toBe('cancelled');
    await drain();
    await drain();
    const moved = gateway.messages();
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toMatch(/^توفر مكان لك: مقهى الأمهات، /);
    expect(moved[0]!.segments).toBe(expectedSegments(moved[0]!.text, 8));
    // The one with an email got their confirmation and cancellation by email, not by text.
    expect(smtp.received).toHaveLength(2);
  });

  it("a leader's message: each gets their language's version, else the fallback, once", async () => {
    const event = await newEvent('leader-note', { fi: 'Kokkikerho', ar: 'نادي الطبخ' });
    const arabic = await createSignup(handle.db, event.id, phoneOnly('ar'));
    const finnish = await createSignup(handle.db, event.id, phoneOnly('fi'));
    await drain();
    gateway.received = [];
    const outcome = await messageAttendees(handle.db, leader, event.id, 'all', {
      language: 'fi',
      text: 'Ottakaa esiliina mukaan.',
      translations: { ar: 'أحضروا مريلة معكم.' },
    });
    expect(outcome).toEqual({ kind: 'queued', emailed: 0, texted: 2 });
    await drain();
    await drain();
    const got = gateway.messages();
    expect(got).toHaveLength(2);
    const to = (s: typeof arabic) => (s.kind === 'confirmed' ? s.signupId : '');
    const [arRow] = await handle.db
      .select()
      .from(signups)
      .where(eq(signups.id, to(arabic)));
    const [fiRow] = await handle.db
      .select()
      .from(signups)
      .where(eq(signups.id, to(finnish)));
    const forAr = got.find((m) => `+${m.to}` === arRow!.phone)!;
    const forFi = got.find((m) => `+${m.to}` === fiRow!.phone)!;
    expect(forAr.dataCoding).toBe(8);
    expect(forAr.text).toMatch(/^رسالة بخصوص نادي الطبخ \(.*\):\nأحضروا مريلة معكم\.$/);
    expect(forFi.dataCoding).toBe(0);
    expect(forFi.text).toMatch(/^Viesti tapahtumasta Kokkikerho \(.*\):\nOttakaa esiliina mukaan\.$/);
    for (const m of got) expect(m.segments).toBe(expectedSegments(m.text, m.dataCoding));
  });

  it('stopped from the manage page: nothing more is sent, skipped with the reason, and the leader sees it', async () => {
    const event = await newEvent('stopped', { fi: 'Lopetettu' });
    const made = await createSignup(handle.db, event.id, phoneOnly('fi'));
    const id = made.kind === 'confirmed' ? made.signupId : '';
    await drain();
    gateway.received = [];
    await stopTextMessages(handle.db, id);
    await messageAttendees(handle.db, leader, event.id, 'all', { language: 'fi', text: 'Hei' });
    await drain();
    expect(gateway.received).toEqual([]);
    const rows = await rowsOf(id);
    expect(rows.find((r) => r.kind === 'leader-message')).toMatchObject({ status: 'skipped', lastError: SMS_STOPPED, payload: {} });
    const [row] = await handle.db.select().from(signups).where(eq(signups.id, id));
    const [hub] = await handle.db.select().from(hubs).where(eq(hubs.id, ids.hub.id));
    expect((await messageReach(handle.db, event.id, [row!], hub!)).get(id)).toBe('stopped');
  });
});

describe('the hub decides', () => {
  it('turned off: text messages are skipped with the reason, counted nowhere, shown as none', async () => {
    const event = await newEvent('hub-off', { fi: 'Ei viestejä' });
    await handle.db.update(hubs).set({ smsEnabled: false }).where(eq(hubs.id, ids.hub.id));
    try {
      const before = await smsSentThisMonth(handle.db, ids.hub.id, 'Europe/Helsinki');
      const made = await createSignup(handle.db, event.id, phoneOnly('fi'));
      const id = made.kind === 'confirmed' ? made.signupId : '';
      await drain();
      expect(gateway.received).toEqual([]);
      expect(await rowsOf(id)).toMatchObject([{ status: 'skipped', lastError: SMS_OFF }]);
      expect(await smsSentThisMonth(handle.db, ids.hub.id, 'Europe/Helsinki')).toBe(before);
      const [row] = await handle.db.select().from(signups).where(eq(signups.id, id));
      const [hub] = await handle.db.select().from(hubs).where(eq(hubs.id, ids.hub.id));
      expect((await messageReach(handle.db, event.id, [row!], hub!)).get(id)).toBe('off');
    } finally {
      await handle.db.update(hubs).set({ smsEnabled: true }).where(eq(hubs.id, ids.hub.id));
    }
  });

  it('over the monthly cap: the next ones are skipped and the count stays at the cap', async () => {
    const event = await newEvent('hub-cap', { fi: 'Katto' });
    const sent = await smsSentThisMonth(handle.db, ids.hub.id, 'Europe/Helsinki');
    expect(sent).toBeGreaterThan(0);
    await handle.db
      .update(hubs)
      .set({ smsMonthlyCap: sent + 1 })
      .where(eq(hubs.id, ids.hub.id));
    try {
      const a = await createSignup(handle.db, event.id, phoneOnly('fi'));
      await drain();
      const b = await createSignup(handle.db, event.id, phoneOnly('fi'));
      await drain();
      expect(gateway.messages()).toHaveLength(1);
      expect(await rowsOf(a.kind === 'confirmed' ? a.signupId : '')).toMatchObject([{ status: 'sent' }]);
      expect(await rowsOf(b.kind === 'confirmed' ? b.signupId : '')).toMatchObject([{ status: 'skipped', lastError: SMS_CAP }]);
      expect(await smsSentThisMonth(handle.db, ids.hub.id, 'Europe/Helsinki')).toBe(sent + 1);
    } finally {
      await handle.db.update(hubs).set({ smsMonthlyCap: null }).where(eq(hubs.id, ids.hub.id));
    }
  });
});

describe('a gateway that goes away', () => {
  it('down: the message waits and retries like an SMTP failure; up again: delivered once over a new bind', async () => {
    const event = await newEvent('gateway-down', { fi: 'Katko' });
    const bindsBefore = gateway.binds;
    await gateway.stop();
    const made = await createSignup(handle.db, event.id, phoneOnly('fi'));
    const id = made.kind === 'confirmed' ? made.signupId : '';
    // A real backoff (30 s) for this first try, so the same round does not try again at once.
    await workOnce(handle.db, bench.channel, { ...bench.settings, retryBaseSeconds: 30 });
    const [waiting] = await rowsOf(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting!.lastError).toMatch(/SMPP/);
    expect(waiting!.payload).toHaveProperty('manageUrl');
    await gateway.start();
    await drain(new Date(Date.now() + 60_000));
    await drain(new Date(Date.now() + 120_000));
    expect(gateway.messages()).toHaveLength(1);
    expect(gateway.binds).toBe(bindsBefore + 1);
    expect(await rowsOf(id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(
      await handle.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, 'sms'), eq(outbox.status, 'pending'))),
    ).toEqual([]);
  });
});
