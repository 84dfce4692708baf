import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#config';
import type { DbHandle } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { outbox } from '#db/schema/outbox.ts';
import { auditLog, loginLinks, sessions, users } from '#db/schema/users.ts';
import { authenticateBearer, createApiToken } from '#features/auth/api-tokens.ts';
import { consumeLoginLink, requestLoginLink } from '#features/auth/login-links.ts';
import { changePassword, setPassword, verifyPasswordLogin } from '#features/auth/passwords.ts';
import { actorFor, ANONYMOUS, can, SYSTEM } from '#features/auth/policy.ts';
import { submitLoginForm } from '#features/auth/login-form.ts';
import { exportAttendeesCsv } from '#features/attendees/export.ts';
import { composeMessage } from '#features/mail/compose.ts';
import { uiLanguages as LANGS } from '#i18n/languages.ts';
import {
  createSession,
  INACTIVITY_TIMEOUT_MS,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from '#features/auth/session.ts';
import { addUser } from '#features/users/mutations.ts';
import { createTestDatabase } from '../setup/db.ts';
import { makeEvent, makeHub } from '../setup/fixtures.ts';

let handle: DbHandle;
let ids: Awaited<ReturnType<typeof makeHub>>;
const people: Record<string, string> = {};
const day = 86_400_000;

beforeAll(async () => {
  handle = await createTestDatabase();
  ids = await makeHub(handle.db, 'main');
  for (const [key, role, groupSlugs] of [
    ['admin', 'admin', []],
    ['cooks', 'leader', ['cooks']],
    ['cafe', 'leader', ['cafe-group']],
    ['partner', 'partner', ['cooks']],
  ] as const) {
    const outcome = await addUser(handle.db, SYSTEM, { hubId: ids.hub.id, email: `${key}@example.org`, role, groupSlugs: [...groupSlugs] });
    if (outcome.kind !== 'added') throw new Error(outcome.kind);
    people[key] = outcome.userId;
  }
});

afterAll(async () => {
  await handle?.close();
});

describe('sessions (Lucia guide)', () => {
  it('stores only a hash of the secret and validates the token', async () => {
    const { token, id } = await createSession(handle.db, people.cooks!);
    expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.secretHash).not.toContain(token.split('.')[1]);
    expect((await validateSessionToken(handle.db, token))?.user.email).toBe('cooks@example.org');
  });

  it('refuses tampered and malformed tokens', async () => {
    const { token } = await createSession(handle.db, people.cooks!);
    const [id, secret] = token.split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    for (const bad of [
      `${id}.${flipped}`,
      `${id}`,
      `${id}.${secret}.x`,
      `${'a'.repeat(24)}.${secret}`,
      '',
      'x'.repeat(5000),
      `${id}.${secret.toUpperCase()}`,
    ]) {
      expect(await validateSessionToken(handle.db, bad)).toBeNull();
    }
  });

  it('slides: a session used within ten days stays, an unused one ends and is deleted', async () => {
    const start = new Date('2030-01-01T10:00:00Z');
    const { token, id } = await createSession(handle.db, people.cafe!, start);
    const used = await validateSessionToken(handle.db, token, new Date(start.getTime() + 9 * day));
    expect(used?.session.fresh).toBe(true);
    expect(await validateSessionToken(handle.db, token, new Date(start.getTime() + 18 * day))).not.toBeNull();
    expect(await validateSessionToken(handle.db, token, new Date(start.getTime() + 18 * day + INACTIVITY_TIMEOUT_MS))).toBeNull();
    expect(await handle.db.select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
  });

  it('sign out ends one session; sign out everywhere ends them all', async () => {
    const a = await createSession(handle.db, people.admin!);
    const b = await createSession(handle.db, people.admin!);
    const c = await createSession(handle.db, people.admin!);
    await invalidateSession(handle.db, a.id);
    expect(await validateSessionToken(handle.db, a.token)).toBeNull();
    expect(await validateSessionToken(handle.db, b.token)).not.toBeNull();
    await invalidateUserSessions(handle.db, people.admin!);
    expect(await validateSessionToken(handle.db, b.token)).toBeNull();
    expect(await validateSessionToken(handle.db, c.token)).toBeNull();
  });

  it('ends the sessions of a disabled user', async () => {
    const { token } = await createSession(handle.db, people.partner!);
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, people.partner!));
    expect(await validateSessionToken(handle.db, token)).toBeNull();
    await handle.db.update(users).set({ disabledAt: null }).where(eq(users.id, people.partner!));
  });
});

describe('sign-in links', () => {
  async function latestLink() {
    const rows = await handle.db.select().from(outbox).where(eq(outbox.kind, 'login-link'));
    return String(rows.at(-1)!.payload.url);
  }

  it('are emailed only to known addresses, work once, and not after 15 minutes', async () => {
    const before = (await handle.db.select().from(outbox)).length;
    await requestLoginLink(handle.db, ids.hub.id, 'nobody@example.org', 'fi');
    expect((await handle.db.select().from(outbox)).length).toBe(before);
    const now = new Date();
    await requestLoginLink(handle.db, ids.hub.id, 'cooks@example.org', 'ar', now);
    const url = await latestLink();
    expect(url).toMatch(/\/ar\/login\/link\/[A-Za-z0-9_-]{27}$/);
    const token = url.split('/').at(-1)!;
    const [stored] = await handle.db.select().from(loginLinks);
    expect(stored!.tokenHash).not.toContain(token);
    expect(await consumeLoginLink(handle.db, token, new Date(now.getTime() + 60_000))).toBe(people.cooks);
    expect(await consumeLoginLink(handle.db, token, new Date(now.getTime() + 61_000))).toBeNull();
    await requestLoginLink(handle.db, ids.hub.id, 'cooks@example.org', 'fi', now);
    const late = (await latestLink()).split('/').at(-1)!;
    expect(await consumeLoginLink(handle.db, late, new Date(now.getTime() + 15 * 60_000 + 1))).toBeNull();
  });

  it('a link clicked twice at once signs in only once', async () => {
    await requestLoginLink(handle.db, ids.hub.id, 'cafe@example.org', 'fi');
    const token = (await latestLink()).split('/').at(-1)!;
    const results = await Promise.all([
      consumeLoginLink(handle.db, token),
      consumeLoginLink(handle.db, token),
      consumeLoginLink(handle.db, token),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('passwords and API tokens', () => {
  it('argon2id passwords: right one signs in, wrong one or unknown user does not', async () => {
    await setPassword(handle.db, people.admin!, 'correct horse battery');
    const [row] = await handle.db.select().from(users).where(eq(users.id, people.admin!));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPasswordLogin(handle.db, ids.hub.id, 'admin@example.org', 'correct horse battery')).toBe(people.admin);
    expect(await verifyPasswordLogin(handle.db, ids.hub.id, 'admin@example.org', 'wrong')).toBeNull();
    expect(await verifyPasswordLogin(handle.db, ids.hub.id, 'cooks@example.org', 'anything')).toBeNull();
    expect(await verifyPasswordLogin(handle.db, ids.hub.id, 'nobody@example.org', 'anything')).toBeNull();
  });

  it('API tokens are shown once, stored hashed, and refused when unknown', async () => {
    const token = await createApiToken(handle.db, people.cooks!, 'test');
    expect(token).toMatch(/^tori_[A-Za-z0-9_-]{27}$/);
    expect((await authenticateBearer(handle.db, `Bearer ${token}`))?.id).toBe(people.cooks);
    for (const bad of [null, token, `Bearer ${token}x`, `Basic ${token}`, `Bearer tori_${'A'.repeat(27)}`]) {
      expect(await authenticateBearer(handle.db, bad)).toBeNull();
    }
  });
});

describe('who may do what (policy.ts)', () => {
  it.each([
    ['admin', 'cooks', true],
    ['admin', null, true],
    ['cooks', 'cooks', true],
    ['cooks', 'cafe-group', false],
    ['cooks', null, false],
    ['cafe', 'cooks', false],
    ['partner', 'cooks', true],
    ['partner', 'cafe-group', false],
  ] as const)('%s on an event of %s → %s', async (who, group, allowed) => {
    const [user] = await handle.db.select().from(users).where(eq(users.id, people[who]!));
    const target = { hubId: ids.hub.id, groupId: group ? ids.group[group]! : null };
    const actor = await actorFor(handle.db, user);
    for (const action of ['event:edit', 'event:cancel', 'attendees:read', 'attendees:edit'] as const) {
      expect(can(actor, action, target)).toBe(allowed);
    }
    expect(can(actor, 'hub:admin', target)).toBe(who === 'admin');
  });

  it('nobody acts in another hub, and the anonymous never', async () => {
    const [admin] = await handle.db.select().from(users).where(eq(users.id, people.admin!));
    expect(can(await actorFor(handle.db, admin), 'event:edit', { hubId: '00000000-0000-4000-8000-000000000000', groupId: null })).toBe(
      false,
    );
    expect(can(ANONYMOUS, 'attendees:read', { hubId: ids.hub.id, groupId: ids.group.cooks! })).toBe(false);
    // A disabled account acts as nobody, whatever its role.
    expect(await actorFor(handle.db, { ...admin!, disabledAt: new Date() })).toEqual(ANONYMOUS);
  });

  it('adding users is written to the audit log', async () => {
    const rows = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'user.add'));
    expect(rows.length).toBe(4);
  });
});

describe('sign-in without lock-out (decision 016)', () => {
  // One fixed instant: the counters' windows must not turn over in the middle of the test.
  const now = new Date('2030-03-01T12:01:00Z');
  const attempt = (ip: string, email: string, password: string) => {
    const form = new FormData();
    form.set('email', email);
    form.set('password', password);
    return submitLoginForm(handle.db, { hubId: ids.hub.id, ip, lang: 'en', now, form });
  };

  it('wrong passwords from many addresses never stop the right one from a fresh address', async () => {
    await setPassword(handle.db, people.cafe!, 'the cafe password');
    // 20 failures for the account, 4 from each of five addresses: none of them is refused yet.
    for (let a = 0; a < 5; a++) {
      for (let i = 0; i < 4; i++) expect((await attempt(`10.0.0.${a}`, 'cafe@example.org', `guess ${a} ${i}`)).kind).toBe('show');
    }
    // Under attack: an address with failures is refused even with the right password…
    const refused = await attempt('10.0.0.1', 'cafe@example.org', 'the cafe password');
    expect(refused).toMatchObject({ kind: 'show', status: 429, message: 'login.lockedOut' });
    // …a fresh address gets its try, and the owner is in.
    expect((await attempt('10.0.9.9', 'cafe@example.org', 'the cafe password')).kind).toBe('signed-in');
    // An attacker at a fresh address gets one guess, then that address is refused too.
    expect(await attempt('10.0.7.7', 'cafe@example.org', 'one more guess')).toMatchObject({ status: 401 });
    expect(await attempt('10.0.7.7', 'cafe@example.org', 'two more guesses')).toMatchObject({ status: 429 });
    // Sign-in links are counted apart and still come.
    expect(await attempt('10.0.0.1', 'cafe@example.org', '')).toMatchObject({ status: 200, message: 'login.linkSent' });
    const rows = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, people.cafe!));
    const counts = Object.fromEntries(
      ['sign-in.success', 'sign-in.failure', 'sign-in.refused'].map((a) => [a, rows.filter((r) => r.action === a).length]),
    );
    expect(counts).toEqual({ 'sign-in.success': 1, 'sign-in.failure': 21, 'sign-in.refused': 2 });
    expect(JSON.stringify(rows)).not.toMatch(/cafe@example|10\.0\./);
  });
  it('an address with no account, or a disabled one, gets the same 401 as a wrong password, logged under the hub', async () => {
    for (const email of ['nobody.here@example.org', 'cooks@example.org']) {
      if (email === 'cooks@example.org') await handle.db.update(users).set({ disabledAt: now }).where(eq(users.id, people.cooks!));
      expect(await attempt('10.0.4.4', email, 'some password here')).toMatchObject({ kind: 'show', status: 401, message: 'login.failed' });
    }
    await handle.db.update(users).set({ disabledAt: null }).where(eq(users.id, people.cooks!));
    const anonymous = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sign-in.failure'), isNull(auditLog.userId)));
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((r) => r.hubId === ids.hub.id)).toBe(true);
  });

  it('link requests from one address cannot keep the owner from getting a link', async () => {
    const later = new Date('2030-03-01T13:01:00Z');
    const ask = (ip: string) => {
      const form = new FormData();
      form.set('email', 'admin@example.org');
      return submitLoginForm(handle.db, { hubId: ids.hub.id, ip, lang: 'en', now: later, form });
    };
    for (let i = 0; i < 5; i++) expect(await ask('10.0.6.6')).toMatchObject({ status: 200, message: 'login.linkSent' });
    expect(await ask('10.0.6.6')).toMatchObject({ status: 429 });
    // The owner, somewhere else, still gets a link.
    expect(await ask('10.0.8.8')).toMatchObject({ status: 200, message: 'login.linkSent' });
  });
});

describe('changing a password', () => {
  it("needs the current password or a fresh link sign-in, and queues a notice in the owner's language", async () => {
    await handle.db.update(users).set({ language: 'uk', passwordHash: null }).where(eq(users.id, people.partner!));
    const start = new Date('2030-05-01T10:00:00Z');
    const link = await createSession(handle.db, people.partner!, start, 'link');
    const change = (sessionId: string, current: string, password: string, now: Date) =>
      changePassword(handle.db, { userId: people.partner!, keepSessionId: sessionId, current, password, repeat: password, now });
    // A link session 20 minutes old may not set the first password; a fresh one may.
    expect(await change(link.id, '', 'first partner pw', new Date(start.getTime() + 20 * 60_000))).toEqual({ kind: 'needs-fresh-link' });
    expect(await change(link.id, '', 'first partner pw', new Date(start.getTime() + 5 * 60_000))).toEqual({ kind: 'saved' });
    const byPassword = await createSession(handle.db, people.partner!, start, 'password');
    expect(await change(byPassword.id, '', 'second partner pw', start)).toEqual({ kind: 'wrong-current' });
    expect(await change(byPassword.id, 'wrong one', 'second partner pw', start)).toEqual({ kind: 'wrong-current' });
    expect(await change(byPassword.id, 'first partner pw', 'second partner pw', start)).toEqual({ kind: 'saved' });
    expect(await verifyPasswordLogin(handle.db, ids.hub.id, 'partner@example.org', 'second partner pw')).toBe(people.partner);
    // Guessing the current password from a session is limited too.
    for (let i = 0; i < 3; i++) await change(byPassword.id, `guess ${i}`, 'third partner pw', start);
    expect(await change(byPassword.id, 'second partner pw', 'third partner pw', start)).toEqual({ kind: 'too-many' });
    const notices = await handle.db.select().from(outbox).where(eq(outbox.kind, 'password-changed'));
    expect(notices.map((n) => [n.recipient, n.language])).toEqual([
      ['partner@example.org', 'uk'],
      ['partner@example.org', 'uk'],
    ]);
  });

  it('the notice reads in each of the eight languages', async () => {
    const subjects = new Set<string>();
    for (const lang of LANGS) {
      const composed = await composeMessage(
        handle.db,
        {
          id: '00000000-0000-4000-8000-000000000001',
          hubId: ids.hub.id,
          kind: 'password-changed',
          channel: 'email',
          recipient: 'x@example.org',
          language: lang,
          signupId: null,
          eventId: null,
          payload: { change: 'set' },
          status: 'pending',
          attempts: 0,
          runAfter: new Date(),
          createdAt: new Date(),
          sentAt: null,
          lastError: null,
          lockedUntil: null,
          dedupeKey: null,
        },
        parseConfig({}),
      );
      if (composed.kind !== 'send') throw new Error(composed.reason);
      expect(composed.message.text).toContain(`/${lang}/manage/account`);
      subjects.add(composed.message.subject);
    }
    expect(subjects.size).toBe(8);
  });
});

describe('attendee exports', () => {
  it('are written to the audit log with who, which event and how many rows', async () => {
    const slug = await makeEvent(handle.db, ids, new Date('2030-06-01T10:00:00Z'), { slug: 'export-audit' });
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    const [admin, partner] = await Promise.all(
      [people.admin!, people.partner!].map(async (id) =>
        actorFor(handle.db, (await handle.db.select().from(users).where(eq(users.id, id)))[0]!),
      ),
    );
    // The policy is asked inside: the event is in no group, so only the coordinator gets the list.
    expect(await exportAttendeesCsv(handle.db, partner!, { eventId: event!.id, lang: 'fi', via: 'page' })).toEqual({ kind: 'forbidden' });
    expect(await exportAttendeesCsv(handle.db, admin!, { eventId: event!.id, lang: 'fi', via: 'page' })).toMatchObject({
      kind: 'csv',
      slug,
    });
    const [row] = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'attendees.export'), eq(auditLog.entityId, event!.id)));
    expect(row).toMatchObject({ userId: people.admin, details: { via: 'page', rows: 0 } });
  });
});
