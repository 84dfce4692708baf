import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperInvitations, helperProfileLinks, helperProfiles } from '#db/schema/helper-profiles.ts';
import { helperOffers, helperTasks } from '#db/schema/helpers.ts';
import { hubs } from '#db/schema/hubs.ts';
import { outbox } from '#db/schema/outbox.ts';
import type { Actor } from '#features/auth/policy.ts';
import { submitProfileForm, submitProfileRequest } from '#features/helper-profiles/forms.ts';
import { profileAccess, type ProfileAccess } from '#features/helper-profiles/links.ts';
import { answerInvitation, deleteProfile, inviteHelper } from '#features/helper-profiles/mutations.ts';
import { findHelpers, invitableTasks } from '#features/helper-profiles/queries.ts';
import { addTask } from '#features/helpers/mutations.ts';
import { logPath } from '#features/http/log-path.ts';
import { runRetention } from '#features/privacy/retention.ts';
import { findBrokenHelperCounters } from '#features/seats/helper-places.ts';
import { usingPostgres } from '../setup/db.ts';
import { DeliveryBench } from '../setup/delivery.ts';
import { addActor, makeEvent, type makeHub } from '../setup/fixtures.ts';

// Helper profiles and invitations (decision 032), on the domain functions, with real delivery:
// the worker sends to a real SMTP server and a real SMPP server, and the links are read from there.
const bench = new DeliveryBench({ batchSize: 20 });
let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
let coordinator: Actor;
let cookLeader: Actor;
let cafeLeader: Actor;
let partner: Actor;
const day = 86_400_000;
let counter = 0;

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};
const mailTo = (address: string) =>
  bench.smtp.received.filter((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === address).map((m) => m.mail);
const linkIn = (text: string, path: string) =>
  text.match(new RegExp(`https://tori\\.example\\.fi/[a-z]{2}/helpers/${path}/([A-Za-z0-9_-]+)`))?.[1];

async function newTask(group: 'cooks' | 'cafe-group', needed: number, kind: 'cook' | 'interpreter' = 'cook') {
  const slug = `profiles-${++counter}`;
  await makeEvent(handle.db, ids, new Date(Date.now() + 5 * day), { slug, group, title: { fi: `Tapahtuma ${counter}` } });
  const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
  const added = await addTask(handle.db, coordinator, event!.id, {
    kind,
    language: kind === 'interpreter' ? 'ar' : null,
    name: {},
    needed,
  });
  if (added.kind !== 'added') throw new Error(added.kind);
  return { eventId: event!.id, taskId: added.taskId };
}

/** A profile saved straight through a link minted for the contact (the mail round trip is tested once, below). */
async function profile(email: string, fields: Record<string, string | string[]> = {}) {
  const access: ProfileAccess = { hubId: ids.hub.id, email, phone: null, reach: email, language: 'fi' };
  const saved = await submitProfileForm(handle.db, {
    access,
    lang: 'fi',
    pagePath: '/fi/helpers/profile/x',
    form: form({ action: 'save', name: email.split('@')[0]!, consent: 'on', languages: ['fi'], skills: ['cook'], ...fields }),
  });
  expect(saved.kind).toBe('redirect');
  const [row] = await handle.db.select().from(helperProfiles).where(eq(helperProfiles.reach, email));
  return row!;
}

/** Invites and returns the invitation's token as the helper receives it. */
async function invite(actor: Actor, profileId: string, taskId: string, email: string): Promise<string> {
  expect((await inviteHelper(handle.db, actor, { profileId, taskId })).kind).toBe('invited');
  const [row] = await handle.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.kind, 'helper-invited'), eq(outbox.recipient, email)))
    .orderBy(outbox.createdAt);
  return linkIn(String((row!.payload as { inviteUrl: string }).inviteUrl), 'invitation')!;
}

beforeAll(async () => {
  await bench.start();
  ({ handle, ids } = bench);
  await handle.db.update(hubs).set({ smsEnabled: true }).where(eq(hubs.id, ids.hub.id));
  coordinator = await addActor(handle.db, { hubId: ids.hub.id, email: 'coord@example.org', role: 'admin' });
  cookLeader = await addActor(handle.db, { hubId: ids.hub.id, email: 'cooks@example.org', role: 'leader', groupSlugs: ['cooks'] });
  cafeLeader = await addActor(handle.db, { hubId: ids.hub.id, email: 'cafe@example.org', role: 'leader', groupSlugs: ['cafe-group'] });
  partner = await addActor(handle.db, { hubId: ids.hub.id, email: 'partner@example.org', role: 'partner', groupSlugs: ['cooks'] });
});
afterAll(() => bench.stop());

describe('a helper profile, end to end', () => {
  it('request → link by email → save → found by language and skill → invited → accepting takes the place', async () => {
    const request = (email: string) =>
      submitProfileRequest(handle.db, {
        hubId: ids.hub.id,
        lang: 'ar',
        pagePath: '/ar/helpers/profile',
        form: form({ email }),
        ip: '10.0.0.1',
      });
    expect(await request('Amina@Example.org')).toEqual({ kind: 'redirect', location: '/ar/helpers/profile?sent=1' });
    await bench.drain();
    const [mail] = mailTo('amina@example.org');
    expect(mail!.subject).toBe('ملفك كمساعد في main');
    const token = linkIn(mail!.text!, 'profile')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{27}$/);
    // The log never holds it.
    expect(logPath(`/ar/helpers/profile/${token}`)).toBe('/ar/helpers/profile/:token');
    // Only its hash is kept.
    expect(JSON.stringify(await handle.db.select().from(helperProfileLinks))).not.toContain(token);

    const access = await profileAccess(handle.db, ids.hub.id, token);
    expect(access).toMatchObject({ reach: 'amina@example.org', language: 'ar' });
    // Opening the link made no profile; a bad save keeps what was typed.
    expect(await handle.db.select().from(helperProfiles)).toEqual([]);
    const bad = await submitProfileForm(handle.db, {
      access: access!,
      lang: 'ar',
      pagePath: `/ar/helpers/profile/${token}`,
      form: form({ action: 'save', name: 'Amina', languages: ['ar', 'fi'], skills: ['cook', 'juggling'] }),
    });
    expect(bad).toMatchObject({ kind: 'show', status: 422, values: { name: 'Amina', languages: ['ar', 'fi'] } });
    expect(Object.keys((bad as { errors: object }).errors).sort()).toEqual(['consent', 'skills']);
    const good = await submitProfileForm(handle.db, {
      access: access!,
      lang: 'ar',
      pagePath: `/ar/helpers/profile/${token}`,
      form: form({
        action: 'save',
        name: 'Amina',
        consent: 'on',
        languages: ['ar', 'fi'],
        skills: ['interpreter', 'cook'],
        free: ['tue-evening'],
      }),
    });
    expect(good).toEqual({ kind: 'redirect', location: `/ar/helpers/profile/${token}?saved=1` });
    await profile('other@example.org', { languages: ['so'], skills: ['driver'] });

    const search = (actor: Actor, filters: Partial<Parameters<typeof findHelpers>[3]>) =>
      findHelpers(handle.db, actor, ids.hub.id, { language: null, skill: null, free: null, ...filters });
    const found = await search(cookLeader, { language: 'ar', skill: 'interpreter' });
    expect(found!.map((h) => h.name)).toEqual(['Amina']);
    // What a leader sees holds no contact.
    expect(JSON.stringify(found)).not.toContain('example.org');
    expect((await search(coordinator, { language: 'ar', skill: 'driver' }))!).toEqual([]);
    expect((await search(coordinator, { free: 'tue-evening' }))!.map((h) => h.name)).toEqual(['Amina']);
    expect(await search(partner, {})).toBeNull();

    const { eventId, taskId } = await newTask('cooks', 2, 'interpreter');
    const other = await newTask('cafe-group', 1);
    // A leader may invite to their groups' tasks only; the coordinator to all.
    const leaderTasks = (await invitableTasks(handle.db, cookLeader, ids.hub.id)).map((t) => t.id);
    expect(leaderTasks).toContain(taskId);
    expect(leaderTasks).not.toContain(other.taskId);
    expect((await invitableTasks(handle.db, coordinator, ids.hub.id)).map((t) => t.id)).toEqual(
      expect.arrayContaining([taskId, other.taskId]),
    );
    const amina = found![0]!;
    expect((await inviteHelper(handle.db, cafeLeader, { profileId: amina.id, taskId })).kind).toBe('forbidden');
    expect((await inviteHelper(handle.db, partner, { profileId: amina.id, taskId })).kind).toBe('forbidden');

    expect((await inviteHelper(handle.db, cookLeader, { profileId: amina.id, taskId })).kind).toBe('invited');
    expect((await inviteHelper(handle.db, cookLeader, { profileId: amina.id, taskId })).kind).toBe('already-invited');
    await bench.drain();
    const invitation = mailTo('amina@example.org').find((m) => m.subject?.includes('هل تساعد'))!;
    expect(invitation.text).toContain('Tapahtuma');
    const inviteToken = linkIn(invitation.text!, 'invitation')!;
    expect(logPath(`/ar/helpers/invitation/${inviteToken}`)).toBe('/ar/helpers/invitation/:token');

    expect(await answerInvitation(handle.db, inviteToken, 'accept')).toEqual({ kind: 'accepted' });
    expect(await answerInvitation(handle.db, inviteToken, 'accept')).toEqual({ kind: 'accepted' });
    const [task] = await handle.db.select().from(helperTasks).where(eq(helperTasks.id, taskId));
    expect(task!.confirmed).toBe(1);
    const offers = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, taskId));
    expect(offers.map((o) => [o.name, o.reach, o.status])).toEqual([['Amina', 'amina@example.org', 'confirmed']]);
    await bench.drain();
    // The confirmation carries the helper's own link, as a leader's confirmation does.
    const confirmed = await handle.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.eventId, eventId), eq(outbox.kind, 'helper-confirmed')));
    expect(confirmed.map((m) => [m.recipient, m.status])).toEqual([['amina@example.org', 'sent']]);
    expect(await findBrokenHelperCounters(handle.db)).toEqual([]);
  });

  it('a phone number gets its link by text message', async () => {
    bench.gateway.received = [];
    const done = await submitProfileRequest(handle.db, {
      hubId: ids.hub.id,
      lang: 'fi',
      pagePath: '/fi/helpers/profile',
      form: form({ phone: '040 765 4321' }),
      ip: '10.0.0.2',
    });
    expect(done.kind).toBe('redirect');
    await bench.drain();
    const [sms] = bench.gateway.messages();
    expect(sms!.to).toBe('358407654321');
    expect(sms!.text).toMatch(/^Auttajan profiilisi, main:\nhttps:\/\/tori\.example\.fi\/fi\/helpers\/profile\/[A-Za-z0-9_-]{27}$/);
  });

  it('answers a flood of requests for one contact with a limit, whoever owns it', async () => {
    const ask = () =>
      submitProfileRequest(handle.db, {
        hubId: ids.hub.id,
        lang: 'fi',
        pagePath: '/p',
        form: form({ email: 'flood@example.org' }),
        ip: '10.0.0.3',
      });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask()).kind === 'redirect' ? 303 : 429);
    expect(answers).toEqual([303, 303, 303, 429]);
  });
});

describe('accepting an invitation to a full task', () => {
  it('answers "full" and takes nothing', async () => {
    const { taskId } = await newTask('cooks', 1);
    const first = await profile('first@example.org');
    const second = await profile('second@example.org');
    const a = await invite(coordinator, first.id, taskId, 'first@example.org');
    const b = await invite(coordinator, second.id, taskId, 'second@example.org');
    expect(await answerInvitation(handle.db, a, 'accept')).toEqual({ kind: 'accepted' });
    expect(await answerInvitation(handle.db, b, 'accept')).toEqual({ kind: 'full' });
    const offers = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, taskId));
    expect(offers.map((o) => o.reach)).toEqual(['first@example.org']);
    const [open] = await handle.db.select().from(helperInvitations).where(eq(helperInvitations.profileId, second.id));
    expect(open!.answer).toBeNull();
    // Saying no is fine; a second no too. Nobody else's data is in the answer.
    expect(await answerInvitation(handle.db, b, 'decline')).toEqual({ kind: 'declined' });
    expect(await answerInvitation(handle.db, a, 'decline')).toEqual({ kind: 'already-accepted' });
    // And a full task takes no more invitations.
    const third = await profile('third@example.org');
    expect((await inviteHelper(handle.db, coordinator, { profileId: third.id, taskId })).kind).toBe('full');
  });

  it('an invitation ends when the event starts', async () => {
    const { taskId } = await newTask('cooks', 3);
    const late = await profile('late@example.org');
    const token = await invite(coordinator, late.id, taskId, 'late@example.org');
    expect(await answerInvitation(handle.db, token, 'accept', new Date(Date.now() + 6 * day))).toEqual({ kind: 'expired' });
  });
});

describe("a profile's end", () => {
  it('deleting it removes it, its invitations, its links and the messages about it at once', async () => {
    const { taskId } = await newTask('cooks', 2);
    const gone = await profile('gone@example.org');
    await invite(coordinator, gone.id, taskId, 'gone@example.org');
    const access: ProfileAccess = { hubId: ids.hub.id, email: 'gone@example.org', phone: null, reach: 'gone@example.org', language: 'fi' };
    await deleteProfile(handle.db, access);
    expect(await handle.db.select().from(helperProfiles).where(eq(helperProfiles.reach, 'gone@example.org'))).toEqual([]);
    expect(await handle.db.select().from(helperInvitations).where(eq(helperInvitations.profileId, gone.id))).toEqual([]);
    expect(await handle.db.select().from(outbox).where(eq(outbox.recipient, 'gone@example.org'))).toEqual([]);
  });

  it("the retention run deletes a profile unused for the hub's days, and expired links", async () => {
    const old = await profile('old@example.org');
    const fresh = await profile('fresh@example.org');
    await handle.db
      .update(helperProfiles)
      .set({ lastActiveAt: new Date(Date.now() - 40 * day) })
      .where(eq(helperProfiles.id, old.id));
    await handle.db.update(hubs).set({ retentionDays: 30 }).where(eq(hubs.id, ids.hub.id));
    const done = await runRetention(handle.db, { now: new Date(), days: 90 });
    expect(done.profiles).toBe(1);
    const left = (await handle.db.select().from(helperProfiles)).map((p) => p.id);
    expect(left).toContain(fresh.id);
    expect(left).not.toContain(old.id);
    const later = await runRetention(handle.db, { now: new Date(Date.now() + 8 * day), days: 90 });
    expect(later.profiles).toBe(0);
    expect(await handle.db.select().from(helperProfileLinks)).toEqual([]);
    await handle.db.update(hubs).set({ retentionDays: null }).where(eq(hubs.id, ids.hub.id));
  });
});

// Real concurrency needs real connections: PGlite serialises everything in one process.
describe.skipIf(!usingPostgres)('invitations accepted at once, on PostgreSQL', () => {
  it('twenty helpers saying yes to a task that needs one: exactly one place is taken', async () => {
    const { taskId } = await newTask('cooks', 1);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const email = `rush${i}@example.org`;
      const p = await profile(email);
      tokens.push(await invite(coordinator, p.id, taskId, email));
    }
    // Each link pressed twice, all at once.
    const answers = await Promise.all([...tokens, ...tokens].map((token) => answerInvitation(handle.db, token, 'accept')));
    const kinds = answers.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'accepted').length).toBeGreaterThanOrEqual(1);
    expect(kinds.every((k) => k === 'accepted' || k === 'full')).toBe(true);
    const offers = await handle.db.select().from(helperOffers).where(eq(helperOffers.taskId, taskId));
    expect(offers.map((o) => o.status)).toEqual(['confirmed']);
    const [task] = await handle.db.select().from(helperTasks).where(eq(helperTasks.id, taskId));
    expect(task!.confirmed).toBe(1);
    const accepted = await handle.db
      .select()
      .from(helperInvitations)
      .where(and(eq(helperInvitations.taskId, taskId), eq(helperInvitations.answer, 'accepted')));
    expect(accepted).toHaveLength(1);
    // Only the two presses of the one accepted link answer "accepted".
    expect(kinds.filter((k) => k === 'accepted')).toHaveLength(2);
    expect(await findBrokenHelperCounters(handle.db)).toEqual([]);
  });
});
