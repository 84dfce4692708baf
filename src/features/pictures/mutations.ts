import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { pictureFiles, pictures } from '#db/schema/pictures.ts';
import type { Translated } from '#db/schema/translated.ts';
import { can, type Actor } from '#features/auth/policy.ts';
import type { ProcessedPicture } from './process.ts';

type Stored = Extract<ProcessedPicture, { kind: 'ok' }>;

/** What a form asks for the picture: keep it, take a new one, or remove it. */
export type PictureChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'new'; picture: Stored };

async function store(tx: Db, hubId: string, picture: Stored): Promise<string> {
  const [row] = await tx.insert(pictures).values({ hubId, width: picture.width, height: picture.height }).returning({ id: pictures.id });
  await tx.insert(pictureFiles).values(picture.files.map((f) => ({ pictureId: row!.id, ...f })));
  return row!.id;
}

/** The columns a change writes on an event or a group: the alt texts, and the picture unless kept. */
function pictureColumns(change: PictureChange, alt: Translated, storedId: string | undefined) {
  return {
    pictureAlt: change.kind === 'remove' ? {} : alt,
    ...(change.kind === 'keep' ? {} : { pictureId: change.kind === 'new' ? storedId : null }),
  };
}

/** Pictures no event or group shows any more: gone with their files. */
async function prune(tx: Db, hubId: string): Promise<void> {
  await tx
    .delete(pictures)
    .where(
      and(
        eq(pictures.hubId, hubId),
        notExists(tx.select({ one: sql`1` }).from(events).where(eq(events.pictureId, pictures.id))),
        notExists(tx.select({ one: sql`1` }).from(groups).where(eq(groups.pictureId, pictures.id))),
      ),
    );
}

/**
 * Sets the picture and its alt texts of events (those the actor may edit); the sessions of a
 * new series share one picture. Pictures nothing shows any more are removed.
 */
export async function setEventsPicture(
  db: Db,
  actor: Actor,
  eventIds: string[],
  change: PictureChange,
  alt: Translated,
): Promise<{ kind: 'saved' } | { kind: 'forbidden' }> {
  if (actor.kind !== 'user' || eventIds.length === 0) return { kind: 'forbidden' };
  const hubId = actor.hubId;
  const targets = await db.select({ hubId: events.hubId, groupId: events.groupId }).from(events).where(inArray(events.id, eventIds));
  if (targets.length !== eventIds.length || !targets.every((e) => can(actor, 'event:edit', e))) return { kind: 'forbidden' };
  await db.transaction(async (tx) => {
    const pictureId = change.kind === 'new' ? await store(tx as Db, hubId, change.picture) : undefined;
    await tx
      .update(events)
      .set(pictureColumns(change, alt, pictureId))
      .where(and(inArray(events.id, eventIds), eq(events.hubId, hubId)));
    await prune(tx as Db, hubId);
  });
  return { kind: 'saved' };
}

/** The same for a group (the coordinator's group form). */
export async function setGroupPicture(
  db: Db,
  actor: Actor,
  groupId: string,
  change: PictureChange,
  alt: Translated,
): Promise<{ kind: 'saved' } | { kind: 'forbidden' }> {
  if (actor.kind !== 'user' || !can(actor, 'hub:admin', { hubId: actor.hubId, groupId: null })) return { kind: 'forbidden' };
  const hubId = actor.hubId;
  await db.transaction(async (tx) => {
    const pictureId = change.kind === 'new' ? await store(tx as Db, hubId, change.picture) : undefined;
    await tx
      .update(groups)
      .set(pictureColumns(change, alt, pictureId))
      .where(and(eq(groups.id, groupId), eq(groups.hubId, hubId)));
    await prune(tx as Db, hubId);
  });
  return { kind: 'saved' };
}
