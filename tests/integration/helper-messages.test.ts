import { TZDate } from '@date-fns/tz';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import type { Actor } from '#features/auth/policy.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { updateEvent } from '#features/events/editing.ts';
import { addTask, cancelOffer, createOffer, decideOffer } from '#features/helpers/mutations.ts';
import { eventHelpers } from '#features/helpers/queries.ts';
import { helperReach } from '#features/helpers/reach.ts';
import { scheduleHelperReminders } from '#features/mail/helper-reminders.ts';
import { SMS_OFF } from '#features/mail/sms-compose.ts';
import type { Lang } from '#i18n/languages.ts';
import { DeliveryBench } from '../setup/delivery.ts';
import { addActor, HELSINKI, helsinki, makeEvent, type makeHub } from '../setup/fixtures.ts';

// Helpers hear what attendees hear (decision 031): reminders before the event, its move and its
// cancellation, each exactly once, by email (a real SMTP server) or by text message (a real
// SMPP server), in the helper's language.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
let leader: Actor;
const bench = new DeliveryBench({ batchSize: 20 });
const { gateway, smtp } = bench;
const hour = 3_600_000;
let phoneNo = 2_000_000;

beforeAll(async () => {
  await bench.start();
  ({ handle, ids } = bench);
  leader = await addActor(handle.db, { hubId: ids.hub.id, email: 'lead@example.org', role: 'leader', groupSlugs: ['cooks'] });
});
afterAll(() => bench.stop());
beforeEach(async () => {
  await bench.drain();
  gateway.received = [];
  smtp.received = [];
});

/** An event at 14:00 Helsinki time `days` days ahead, with a cook task; its id and task id. */
async function eventWithTask(slug: string, days: number, title: Record<string, string>, extra: { morningReminder?: boolean } = {}) {
  const day = new TZDate(Date.now() + days * 86_400_000, HELSINKI);
  const start = helsinki(day.getFullYear(), day.getMonth() + 1, day.getDate(), 14);
  await makeEvent(handle.db, ids, start, { slug, title, group: 'cooks', ...extra });
  const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
  const task = await addTask(handle.db, leader, event!.id, { kind: 'cook', language: null, name: {}, needed: 3 });
  if (task.kind !== 'added') throw new Error(task.kind);
  return { event: event!, taskId: task.taskId };
}

/** Offers to help and returns the offer's id; confirms it unless told. */
async function helper(taskId: string, eventId: string, who: { email?: string; phone?: string; language: Lang }, confirm = true) {
  const made = await createOffer(handle.db, {
    taskId,
    name: who.language === 'ar' ? 'سارة' : 'Aino',
    email: who.email ?? null,
    phone: who.phone ?? null,
    spoken: [],
    language: who.language,
  });
  expect(made.kind).toBe('offered');
  const [offer] = await handle.db
    .select()
    .from(helperOffers)
    .where(and(eq(helperOffers.taskId, taskId), eq(helperOffers.reach, (who.email ?? who.phone)!)));
  if (confirm) expect((await decideOffer(handle.db, leader, eventId, offer!.id, 'confirm')).kind).toBe('confirmed');
  return offer!.id;
}

const subjects = () => smtp.received.map((r) => r.mail.subject ?? '');
const rowsOf = (eventId: string, kind: string) =>
  handle.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.eventId, eventId), eq(outbox.kind, kind as 'helper-reminder')));

describe('reminders to confirmed helpers', () => {
  it('go at the attendees’ times (a day before, the morning of the day), once each, by email and by Arabic text', async () => {
    const { event, taskId } = await eventWithTask('cooks-evening', 4, { fi: 'Kokkausilta', ar: 'أمسية الطبخ' }, { morningReminder: true });
    const phone = `+35840${++phoneNo}`;
    await helper(taskId, event.id, { email: 'aino.helper@example.org', language: 'fi' });
    await helper(taskId, event.id, { phone, language: 'ar' });
    await helper(taskId, event.id, { email: 'waiting@example.org', language: 'fi' }, false);
    const withdrawn = await helper(taskId, event.id, { email: 'withdrawn@example.org', language: 'fi' });
    expect((await cancelOffer(handle.db, withdrawn)).kind).toBe('cancelled');
    await bench.drain();
    gateway.received = [];
    smtp.received = [];

    // Not yet due: nothing.
    await bench.drain(new Date(event.startsAt.getTime() - 25 * hour));
    expect([smtp.received.length, gateway.received.length]).toEqual([0, 0]);

    // 23 hours before: the day-before reminder, twice over the rounds but sent once.
    const dayBefore = new Date(event.startsAt.getTime() - 23 * hour);
    await bench.drain(dayBefore);
    await bench.drain(dayBefore);
    expect(subjects()).toEqual([expect.stringMatching(/^Muistutus: olet auttajana, Kokkausilta, /)]);
    expect(smtp.received[0]!.mail.to).toMatchObject({ text: 'aino.helper@example.org' });
    expect(smtp.received[0]!.mail.text).toMatch(/https:\/\/tori\.example\.fi\/fi\/helper\/[\w-]{27}/);
    expect(smtp.received[0]!.mail.text).toContain('Tehtävä: Kokki');
    // A helper's reminder carries no "stop reminders" link of a sign-up.
    expect(smtp.received[0]!.mail.headers.get('list-unsubscribe')).toBeUndefined();
    const [text, ...moreTexts] = gateway.messages();
    expect(moreTexts).toEqual([]);
    expect(`+${text!.to}`).toBe(phone);
    expect(text!.dataCoding).toBe(8);
    expect(text!.text).toMatch(/^تذكير: أنت مساعد في أمسية الطبخ، .*\nhttps:\/\/tori\.example\.fi\/h\/[\w-]{27}$/s);

    // The morning of the day (08:00 Helsinki): the second reminder, again once each.
    smtp.received = [];
    gateway.received = [];
    const morning = new Date(event.startsAt.getTime() - 5 * hour);
    await bench.drain(morning);
    await bench.drain(morning);
    expect(subjects()).toHaveLength(1);
    expect(gateway.messages()).toHaveLength(1);
    expect(await rowsOf(event.id, 'helper-reminder')).toHaveLength(4);
    expect((await rowsOf(event.id, 'helper-reminder')).every((r) => r.status === 'sent' && Object.keys(r.payload).length === 0)).toBe(true);
  });

  it('for a moved event: the one queued for the old time is dropped, the helper hears of the move once, and is reminded at the new time', async () => {
    const { event, taskId } = await eventWithTask('moved-cooking', 4, { fi: 'Siirtyvä kokkaus' });
    await helper(taskId, event.id, { email: 'mover@example.org', language: 'fi' });
    const waiting = await helper(taskId, event.id, { email: 'still-waiting@example.org', language: 'fi' }, false);
    await bench.drain();
    smtp.received = [];
    // The reminder is queued (its round ran) but not sent yet when the event moves a day on.
    const dayBefore = new Date(event.startsAt.getTime() - 23 * hour);
    expect(await scheduleHelperReminders(handle.db, dayBefore)).toBe(1);
    const moved = await updateEvent(handle.db, leader, event.id, {
      start: new Date(event.startsAt.getTime() + 24 * hour),
      end: new Date(event.endsAt.getTime() + 24 * hour),
    });
    expect(moved.kind).toBe('ok');
    await bench.drain(dayBefore);
    await bench.drain(dayBefore);
    expect(subjects()).toEqual(['Muuttunut: Siirtyvä kokkaus']);
    expect(smtp.received[0]!.mail.text).toMatch(/https:\/\/tori\.example\.fi\/fi\/helper\/[\w-]{27}/);
    expect(smtp.received[0]!.mail.attachments.map((a) => a.contentType)).toEqual([expect.stringContaining('text/calendar')]);
    const [stale] = await rowsOf(event.id, 'helper-reminder');
    expect(stale).toMatchObject({ status: 'skipped', lastError: 'reminder no longer valid' });
    // Only confirmed helpers hear of a move; an offer still waiting is not told.
    const told = await rowsOf(event.id, 'helper-event-changed');
    expect(told.map((r) => r.recipient)).toEqual(['mover@example.org']);
    expect(waiting).toBeTruthy();

    smtp.received = [];
    const newDayBefore = new Date(event.startsAt.getTime() + 24 * hour - 23 * hour);
    await bench.drain(newDayBefore);
    await bench.drain(newDayBefore);
    expect(subjects()).toEqual([expect.stringMatching(/^Muistutus: olet auttajana, Siirtyvä kokkaus, /)]);
  });

  it('none for a cancelled event; confirmed and waiting helpers hear of the cancellation once, by email and by Arabic text', async () => {
    const { event, taskId } = await eventWithTask('cancelled-cooking', 4, { fi: 'Peruttu kokkaus', ar: 'طبخ ملغى' });
    const phone = `+35840${++phoneNo}`;
    await helper(taskId, event.id, { email: 'confirmed@example.org', language: 'fi' });
    await helper(taskId, event.id, { phone, language: 'ar' }, false);
    const declined = await helper(taskId, event.id, { email: 'declined@example.org', language: 'fi' }, false);
    expect((await decideOffer(handle.db, leader, event.id, declined, 'decline')).kind).toBe('declined');
    await bench.drain();
    smtp.received = [];
    gateway.received = [];

    expect((await cancelEvent(handle.db, leader, event.id)).kind).toBe('cancelled');
    await bench.drain();
    await bench.drain();
    expect(subjects()).toEqual(['Peruttu: Peruttu kokkaus']);
    expect(smtp.received[0]!.mail.to).toMatchObject({ text: 'confirmed@example.org' });
    const texts = gateway.messages();
    expect(texts).toHaveLength(1);
    expect(`+${texts[0]!.to}`).toBe(phone);
    expect(texts[0]!.text).toMatch(/^أُلغي: طبخ ملغى، .*\. لا حاجة إلى المساعدة\. شكرًا!$/);

    smtp.received = [];
    gateway.received = [];
    await bench.drain(new Date(event.startsAt.getTime() - 23 * hour));
    await bench.drain(new Date(event.startsAt.getTime() - 5 * hour));
    expect([smtp.received.length, gateway.received.length]).toEqual([0, 0]);
    expect(await rowsOf(event.id, 'helper-reminder')).toEqual([]);
  });
});

describe('a phone-only helper at a hub with text messages off', () => {
  it('gets nothing, skipped with the reason, and the leader’s page says so', async () => {
    const { event, taskId } = await eventWithTask('no-texts', 4, { fi: 'Ei tekstiviestejä' });
    await handle.db.update(hubs).set({ smsEnabled: false }).where(eq(hubs.id, ids.hub.id));
    try {
      const phone = `+35840${++phoneNo}`;
      await helper(taskId, event.id, { phone, language: 'fi' }, false);
      await helper(taskId, event.id, { email: 'has-email@example.org', language: 'fi' }, false);
      const [hub] = await handle.db.select().from(hubs).where(eq(hubs.id, ids.hub.id));
      const offers = (await eventHelpers(handle.db, event.id)).flatMap((t) => t.offers);
      const byContact = async () => {
        const reach = await helperReach(handle.db, event.id, offers, hub!);
        return Object.fromEntries(offers.map((o) => [o.reach, reach.get(o.id)]));
      };
      // Before anything is sent the page already knows.
      expect(await byContact()).toEqual({ [phone]: 'off', 'has-email@example.org': 'email' });
      await bench.drain();
      expect(gateway.received).toEqual([]);
      const [skipped] = await handle.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.eventId, event.id), eq(outbox.recipient, phone), like(outbox.kind, 'helper-%')));
      expect(skipped).toMatchObject({ channel: 'sms', status: 'skipped', lastError: SMS_OFF });
      expect(await byContact()).toEqual({ [phone]: 'off', 'has-email@example.org': 'email' });
    } finally {
      await handle.db.update(hubs).set({ smsEnabled: true }).where(eq(hubs.id, ids.hub.id));
    }
  });
});
