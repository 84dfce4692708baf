import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { feedback, feedbackLinks } from '#db/schema/feedback.ts';
import { outbox } from '#db/schema/outbox.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { FEEDBACK_DELAY_MS } from '#features/feedback/schedule.ts';
import { answerFeedback } from '#features/feedback/mutations.ts';
import { eraseSignup } from '#features/privacy/erase.ts';
import { runRetention } from '#features/privacy/retention.ts';
import { cancelSignup, createSignup } from '#features/signups/mutations.ts';
import type { SignupInput } from '#features/signups/schema.ts';
import { translator } from '#i18n/translate.ts';
import { DeliveryBench } from '../setup/delivery.ts';
import { makeEvent, type makeHub, signupInput } from '../setup/fixtures.ts';

// "How was it?" after an event (decision 027): queued by the worker's schedule, delivered to a
// real SMTP server and a real SMPP server, once per person and week, never too early.
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const bench = new DeliveryBench({ batchSize: 20 });
const { gateway, smtp } = bench;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const person = (language: 'fi' | 'ar', contact: { email?: string; phone?: string }): SignupInput =>
  signupInput({ name: 'Resident', email: contact.email ?? null, phone: contact.phone ?? null, language });

async function newEvent(slug: string, inDays: number) {
  await makeEvent(handle.db, ids, new Date(Date.now() + inDays * DAY), {
    slug,
    title: { fi: `Kokkikerta ${slug}`, ar: `طبخ ${slug}`, en: `Cooking ${slug}` },
    mode: 'signup',
    capacity: 20,
    group: 'cooks',
  });
  const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
  return event!;
}

async function signUp(eventId: string, input: SignupInput): Promise<string> {
  const made = await createSignup(handle.db, eventId, input);
  if (made.kind !== 'confirmed') throw new Error(made.kind);
  return made.signupId;
}

const drain = (now: Date) => bench.drain(now);

const feedbackRows = () => handle.db.select().from(outbox).where(eq(outbox.kind, 'feedback'));
const feedbackMails = () => smtp.received.filter((r) => /feedback\/[\w-]{27}\?score=1/.test(r.mail.text ?? ''));

beforeAll(async () => {
  await bench.start();
  ({ handle, ids } = bench);
});
afterAll(() => bench.stop());
beforeEach(async () => {
  // The confirmations of the sign-ups go first; only what follows is looked at.
  await drain(new Date());
  gateway.received = [];
  smtp.received = [];
});

describe('feedback after an event', () => {
  it('asks each attendee once, in their language, after the end; never a cancelled or deleted sign-up; at most once a week per person', async () => {
    const first = await newEvent('first', 2);
    const arabic = await signUp(first.id, person('ar', { email: 'amal@example.org' }));
    const finnish = await signUp(first.id, person('fi', { email: 'aino@example.org' }));
    const phoneOnly = await signUp(first.id, person('fi', { phone: '+358401234567' }));
    const cancelled = await signUp(first.id, person('fi', { email: 'peruttu@example.org' }));
    const erased = await signUp(first.id, person('fi', { email: 'poistettu@example.org' }));
    expect((await cancelSignup(handle.db, cancelled)).kind).toBe('cancelled');
    expect((await eraseSignup(handle.db, erased)).kind).toBe('erased');
    // A second event two days later: Aino again (asked about the first already) and a newcomer.
    const second = await newEvent('second', 4);
    const ainoAgain = await signUp(second.id, person('fi', { email: 'aino@example.org' }));
    const newcomer = await signUp(second.id, person('fi', { email: 'uusi@example.org' }));
    // A cancelled event asks no one.
    const called = await newEvent('called-off', 2);
    const calledOff = await signUp(called.id, person('fi', { email: 'turha@example.org' }));
    expect((await cancelEvent(handle.db, SYSTEM, called.id)).kind).toBe('cancelled');
    await drain(new Date());
    smtp.received = [];
    gateway.received = [];

    // During the event and right after it: nothing yet.
    for (const at of [
      first.startsAt,
      new Date(first.endsAt.getTime() - 60_000),
      new Date(first.endsAt.getTime() + FEEDBACK_DELAY_MS - 60_000),
    ])
      await drain(at);
    expect(await feedbackRows()).toEqual([]);

    // An hour after the end: the three who came and can be reached.
    const due = new Date(first.endsAt.getTime() + FEEDBACK_DELAY_MS + 60_000);
    await drain(due);
    await drain(new Date(due.getTime() + HOUR));
    const rows = await feedbackRows();
    expect(rows.map((r) => r.signupId).sort()).toEqual([arabic, finnish, phoneOnly].sort());
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual([arabic, finnish, phoneOnly].map((id) => `feedback:${id}`).sort());

    const mails = feedbackMails();
    expect(mails).toHaveLength(2);
    const ar = mails.find((m) => JSON.stringify(m.mail.to).includes('amal@example.org'))!;
    const fi = mails.find((m) => JSON.stringify(m.mail.to).includes('aino@example.org'))!;
    expect(ar.mail.subject).toBe(translator('ar')('mail.feedback.subject', { event: 'طبخ first' }));
    expect(fi.mail.subject).toBe(translator('fi')('mail.feedback.subject', { event: 'Kokkikerta first' }));
    for (const [mail, lang] of [
      [ar, 'ar'],
      [fi, 'fi'],
    ] as const) {
      const t = translator(lang);
      const text = mail.mail.text!;
      // Five faces, each its words and a link that opens the answer page with that face chosen.
      for (const score of [1, 2, 3, 4, 5] as const) {
        expect(text).toContain(t(`feedback.face${score}`));
        expect(text).toMatch(new RegExp(`https://tori\\.example\\.fi/${lang}/feedback/[\\w-]{27}\\?score=${score}`));
      }
      expect(mail.mail.html).toContain(`lang="${lang}"`);
    }
    const [text, ...moreTexts] = gateway.messages();
    expect(moreTexts).toEqual([]);
    expect(text!.to).toBe('358401234567');
    expect(text!.text).toMatch(/^Millainen oli Kokkikerta first\? Vastaa tästä:\nhttps:\/\/tori\.example\.fi\/f\/[\w-]{27}$/);
    // Only the sent message held the link: now no payload keeps it, and only hashes are stored.
    expect(rows.every((r) => Object.keys(r.payload).length === 0)).toBe(true);
    expect(await handle.db.select().from(feedbackLinks)).toHaveLength(3);

    // The second event ends two days later: the newcomer is asked, Aino (asked this week) is not.
    smtp.received = [];
    const secondDue = new Date(second.endsAt.getTime() + FEEDBACK_DELAY_MS + 60_000);
    await drain(secondDue);
    await drain(new Date(secondDue.getTime() + DAY));
    const later = await feedbackRows();
    expect(later.map((r) => r.signupId).sort()).toEqual([arabic, finnish, phoneOnly, newcomer].sort());
    expect(later.some((r) => r.signupId === ainoAgain)).toBe(false);
    expect(feedbackMails().map((m) => JSON.stringify(m.mail.to))).toEqual([expect.stringContaining('uusi@example.org')]);
    // Never the cancelled or deleted sign-up, never the cancelled event.
    expect(later.some((r) => [cancelled, erased, calledOff].includes(r.signupId!))).toBe(false);
    expect(later.some((r) => ['peruttu@example.org', 'poistettu@example.org', 'turha@example.org'].includes(r.recipient))).toBe(false);
  });

  it('keeps the answer when retention removes the person: the link goes, the score and comment stay', async () => {
    const event = await newEvent('kept', 1);
    const signupId = await signUp(event.id, person('fi', { email: 'kept@example.org' }));
    await drain(new Date());
    smtp.received = [];
    await drain(new Date(event.endsAt.getTime() + FEEDBACK_DELAY_MS + 60_000));
    const [mail] = feedbackMails();
    const token = mail!.mail.text!.match(/feedback\/([\w-]{27})\?score=4/)![1]!;
    expect((await answerFeedback(handle.db, token, { score: 4, comment: 'Hyvä ilta' })).kind).toBe('saved');
    await runRetention(handle.db, { now: new Date(event.endsAt.getTime() + 400 * DAY), days: 90 });
    expect(await handle.db.select().from(feedbackLinks).where(eq(feedbackLinks.signupId, signupId))).toEqual([]);
    const kept = await handle.db
      .select()
      .from(feedback)
      .where(and(eq(feedback.eventId, event.id), isNull(feedback.tokenHash)));
    expect(kept).toEqual([expect.objectContaining({ score: 4, comment: 'Hyvä ilta', source: 'link', language: 'fi' })]);
    // The link no longer answers.
    expect((await answerFeedback(handle.db, token, { score: 1, comment: '' })).kind).toBe('not-found');
  });
});
