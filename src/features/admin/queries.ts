import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { groups } from '#db/schema/groups.ts';
import { outbox } from '#db/schema/outbox.ts';
import { apiTokens, auditLog, groupMembers, users } from '#db/schema/users.ts';

// A page of recent rows is what a coordinator reads; older ones stay in the database.
const RECENT = 200;

export async function listUsers(db: Db, hubId: string) {
  const rows = await db
    .select({ user: users, group: groups.slug })
    .from(users)
    .leftJoin(groupMembers, eq(groupMembers.userId, users.id))
    .leftJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(eq(users.hubId, hubId))
    .orderBy(users.email);
  const byId = new Map<string, { user: typeof users.$inferSelect; groups: string[] }>();
  for (const r of rows) {
    const entry = byId.get(r.user.id) ?? { user: r.user, groups: [] };
    if (r.group) entry.groups.push(r.group);
    byId.set(r.user.id, entry);
  }
  return [...byId.values()];
}

/** The hub's outbox with each message's state; payloads (which may hold links) are not shown. */
export async function recentOutbox(db: Db, hubId: string) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      channel: outbox.channel,
      status: outbox.status,
      attempts: outbox.attempts,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      runAfter: outbox.runAfter,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(eq(outbox.hubId, hubId))
    .orderBy(desc(outbox.createdAt))
    .limit(RECENT);
}

export async function recentAudit(db: Db, hubId: string) {
  return db
    .select({ entry: auditLog, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(eq(auditLog.hubId, hubId))
    .orderBy(desc(auditLog.at))
    .limit(RECENT);
}

// Emails (.eml) and text messages (.txt) written as files (mail/transport.ts, mail/sms-transport.ts).
export const EML_NAME = /^[\w-]{1,120}\.(eml|txt)$/;

// A file is named `<time>-<outbox id><host>.eml` (mail/transport.ts): the id tells its hub.
const EML_OUTBOX_ID = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/**
 * The names among these whose message is one of the hub's (a file of no known message is no
 * one's). Sign-in links are left out: a coordinator who could open another person's link could
 * sign in as them.
 */
async function hubEmlNames(db: Db, hubId: string, names: string[]): Promise<Set<string>> {
  const ids = new Map(
    names.flatMap((n) => {
      const id = EML_OUTBOX_ID.exec(n)?.[1];
      return id ? [[n, id] as const] : [];
    }),
  );
  if (ids.size === 0) return new Set();
  const mine = new Set(
    (
      await db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.hubId, hubId), ne(outbox.kind, 'login-link'), inArray(outbox.id, [...new Set(ids.values())])))
    ).map((r) => r.id),
  );
  return new Set([...ids].filter(([, id]) => mine.has(id)).map(([n]) => n));
}

/** Whether an email file is one of the hub's messages (its admins may open it). */
export async function isHubEmlFile(db: Db, hubId: string, name: string): Promise<boolean> {
  return EML_NAME.test(name) && (await hubEmlNames(db, hubId, [name])).has(name);
}

/** The hub's emails written as files when no SMTP server is set, newest first. */
export async function listEmlFiles(db: Db, hubId: string, dir: string): Promise<{ name: string; size: number; at: Date }[]> {
  const all = (await readdir(dir).catch(() => [] as string[])).filter((n) => EML_NAME.test(n));
  const mine = await hubEmlNames(db, hubId, all);
  const files = await Promise.all(
    all
      .filter((n) => mine.has(n))
      .map(async (name) => {
        const info = await stat(join(dir, name));
        return { name, size: info.size, at: info.mtime };
      }),
  );
  return files.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, RECENT);
}

/** One person for the coordinator's page: the account, its group ids and its API tokens. */
export async function getUserForAdmin(db: Db, hubId: string, userId: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.hubId, hubId)));
  if (!user) return null;
  const [memberships, tokens] = await Promise.all([
    db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, userId)),
    db
      .select({
        tokenHash: apiTokens.tokenHash,
        name: apiTokens.name,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt)),
  ]);
  return { user, groupIds: memberships.map((m) => m.groupId), tokens };
}

export async function listGroupChoices(db: Db, hubId: string) {
  return db
    .select({ id: groups.id, slug: groups.slug, name: groups.name })
    .from(groups)
    .where(eq(groups.hubId, hubId))
    .orderBy(groups.slug);
}
