import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '#db/client.ts';
import { users, type Role } from '#db/schema/users.ts';
import type { Lang } from '#i18n/languages.ts';
import { createApiToken } from '#features/auth/api-tokens.ts';
import { SYSTEM } from '#features/auth/policy.ts';
import { createSession, SESSION_COOKIE } from '#features/auth/session.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';
import { addUser } from '#features/users/mutations.ts';
import { openStorage } from './db.ts';
import { newStorage, startServer, type RunningServer, type Storage } from './server.ts';
import type { TestSmtp } from './smtp.ts';

export interface Account {
  email: string;
  role: Role;
  /** Slugs of the groups a leader or partner belongs to. */
  groups?: string[];
  name?: string;
  /** Languages a translator translates (decision 023). */
  languages?: Lang[];
  /** Also mint an API token for them (as `token create` does). */
  token?: boolean;
}

/**
 * Adds people (and API tokens) to a server's data through the same functions as
 * `npm run cli -- user add` and `token create`, in this process: a CLI spawn and a server restart
 * cost seconds each. The CLI itself keeps tests of its own. On PGlite the server must not be
 * running (one opener). Returns the tokens by email.
 */
export async function addAccounts(storage: Storage, accounts: Account[]): Promise<Record<string, string>> {
  const handle = await openStorage(storage);
  const tokens: Record<string, string> = {};
  try {
    const hub = await getCurrentHub(handle.db);
    if (!hub) throw new Error('addAccounts needs a seeded database (start from a template)');
    for (const account of accounts) {
      const outcome = await addUser(handle.db, SYSTEM, {
        hubId: hub.id,
        email: account.email,
        role: account.role,
        name: account.name,
        groupSlugs: account.groups,
        languages: account.languages,
      });
      if (outcome.kind !== 'added' && outcome.kind !== 'updated') throw new Error(`cannot add ${account.email}: ${outcome.kind}`);
      if (account.token) tokens[account.email] = await createApiToken(handle.db, outcome.userId, 'cli');
    }
  } finally {
    await handle.close();
  }
  return tokens;
}

/**
 * A server on a copy of one of the run's prepared databases (the demo week unless `template` says
 * `plain`), made ready before it starts: `prepare` runs on its database in this process (one
 * opener, closed again before the start), then `accounts` are added. Tokens by email.
 */
export async function startPreparedServer(options: {
  template?: 'demo' | 'plain';
  env?: Record<string, string>;
  accounts?: Account[];
  prepare?: (db: Db, storage: Storage) => Promise<void>;
}): Promise<{ server: RunningServer; tokens: Record<string, string> }> {
  const storage = await newStorage(options.template ?? 'demo');
  try {
    if (options.prepare) {
      const handle = await openStorage(storage);
      try {
        await options.prepare(handle.db, storage);
      } finally {
        await handle.close();
      }
    }
    const tokens = options.accounts?.length ? await addAccounts(storage, options.accounts) : {};
    return { server: await startServer(options.env ?? {}, storage), tokens };
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

/** A server on a copy of the demo database with these people already in it; tokens by email. */
export function startServerWithAccounts(
  env: Record<string, string>,
  accounts: Account[],
): Promise<{ server: RunningServer; tokens: Record<string, string> }> {
  return startPreparedServer({ env, accounts });
}

/**
 * One person written straight into a database (before its server starts), in `groupId`'s group
 * when given, with a session: their row and the cookie that signs them in.
 */
export async function addSignedInUser(
  db: Db,
  person: { hubId: string; email: string; role: Role; groupId?: string | null },
): Promise<{ user: typeof users.$inferSelect; cookie: string }> {
  const [user] = await db.insert(users).values({ hubId: person.hubId, email: person.email, role: person.role }).returning();
  if (person.groupId)
    await db.execute(sql`INSERT INTO group_members (hub_id, user_id, group_id) VALUES (${person.hubId}, ${user!.id}, ${person.groupId})`);
  return { user: user!, cookie: `${SESSION_COOKIE}=${(await createSession(db, user!.id)).token}` };
}

/** Runs `npm run cli -- …` on a server's data (stop an embedded-database server first). */
export function cli(storage: Storage, args: string[]): string {
  const result = spawnSync(process.execPath, ['src/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: storage.dataDir, DATABASE_URL: storage.databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').at(-1)!;
}

/** Headers of a form post from the site itself (Astro's origin check wants the Origin). */
export const formHeaders = (server: RunningServer, cookie?: string) => ({
  Origin: server.url,
  'Content-Type': 'application/x-www-form-urlencoded',
  ...(cookie ? { Cookie: cookie } : {}),
});

/** Signs in through an emailed link, as a person would; returns the session cookie. */
export async function signInByLink(server: RunningServer, smtp: TestSmtp, email: string): Promise<string> {
  const before = smtp.received.length;
  const response = await fetch(`${server.url}/fi/login`, {
    method: 'POST',
    headers: formHeaders(server),
    body: new URLSearchParams({ email }),
    redirect: 'manual',
  });
  expect(response.status).toBe(200);
  // Other mail (sign-up confirmations) may arrive meanwhile: wait for the one to this address.
  const find = () => smtp.received.slice(before).find((m) => m.mail.to && 'text' in m.mail.to && m.mail.to.text === email);
  for (let n = before + 1; !find(); n++) await smtp.waitFor(n);
  const mail = find()!;
  const link = new URL(mail.mail.text!.match(/https?:\/\/\S+\/login\/link\/\S+/)![0]);
  const used = await fetch(server.url + link.pathname, { method: 'POST', headers: formHeaders(server), redirect: 'manual' });
  expect(used.status).toBe(303);
  return used.headers.get('set-cookie')!.split(';')[0]!;
}
