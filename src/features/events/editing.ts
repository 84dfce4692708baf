import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { isForeignKeyViolation } from '#db/errors.ts';
import { categories } from '#db/schema/categories.ts';
import { events } from '#db/schema/events.ts';
import { groups } from '#db/schema/groups.ts';
import { places } from '#db/schema/places.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { lockEvent } from '#features/seats/lock.ts';
import { promoteFromWaitlist } from '#features/seats/promote.ts';
import { notifyHelpers } from '#features/helpers/notify.ts';
import { notifyAttendees } from './changes.ts';
import { hubTimeZone } from '#features/hubs/queries.ts';
import { hubDay } from './hub-days.ts';
import { slugFromTitle } from './slug.ts';
import type { EventPatch, NewEventInput } from './input.ts';
import { eventSearchText } from './search-text.ts';

export type EditOutcome =
  | { kind: 'ok'; eventId: string }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'forbidden' }
  | { kind: 'not-found' };

async function resolveRefs(tx: Db, hubId: string, refs: { category?: string; place?: string | null; group?: string | null }) {
  const errors: Record<string, string> = {};
  const out: { categoryId?: string; placeId?: string | null; groupId?: string | null } = {};
  if (refs.category !== undefined) {
    const [c] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.hubId, hubId), eq(categories.slug, refs.category)));
    if (c) out.categoryId = c.id;
    else errors.category = 'no such category';
  }
  if (refs.place !== undefined) {
    if (refs.place === null) out.placeId = null;
    else {
      const [p] = await tx
        .select({ id: places.id })
        .from(places)
        .where(and(eq(places.hubId, hubId), eq(places.slug, refs.place)));
      if (p) out.placeId = p.id;
      else errors.place = 'no such place';
    }
  }
  if (refs.group !== undefined) {
    if (refs.group === null) out.groupId = null;
    else {
      const [g] = await tx
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.hubId, hubId), eq(groups.slug, refs.group)));
      if (g) out.groupId = g.id;
      else errors.group = 'no such group';
    }
  }
  return { refs: out, errors };
}

// The composite keys (hub_id, …) keep an event's category, place and group inside its hub.
const REF_KEYS = { events_category_in_hub: 'category', events_place_in_hub: 'place', events_group_in_hub: 'group' } as const;

/** A refused reference to another hub's (or a vanished) category, place or group, as a field error. */
export function refViolation(error: unknown): Extract<EditOutcome, { kind: 'invalid' }> | null {
  const hit = Object.entries(REF_KEYS).find(([constraint]) => isForeignKeyViolation(error, constraint));
  return hit ? { kind: 'invalid', errors: { [hit[1]]: `no such ${hit[1]}` } } : null;
}

async function mapRefViolation(work: Promise<EditOutcome>): Promise<EditOutcome> {
  return work.catch((error: unknown) => refViolation(error) ?? Promise.reject(error));
}

/** Rules across fields that the database also enforces; said here as field messages. */
function crossCheck(e: {
  startsAt: Date;
  endsAt: Date;
  mode: string;
  capacity: number | null;
  seatsTaken: number;
  signupOpensAt: Date | null;
  signupClosesAt: Date | null;
}) {
  const errors: Record<string, string> = {};
  if (!(e.endsAt > e.startsAt)) errors.end = 'must be after the start';
  if (e.mode === 'signup' && e.capacity === null) errors.capacity = 'a sign-up event needs a capacity';
  if (e.capacity !== null && e.capacity < e.seatsTaken) errors.capacity = `${e.seatsTaken} places are already taken`;
  if (e.signupOpensAt && e.signupClosesAt && !(e.signupOpensAt < e.signupClosesAt)) errors.signupClosesAt = 'must be after the opening';
  return errors;
}

/** Creates an event in the actor's hub, if the policy lets them run its group. */
export async function createEvent(db: Db, actor: Actor, input: NewEventInput): Promise<EditOutcome> {
  return mapRefViolation(
    db.transaction(async (tx) => {
      if (actor.kind !== 'user') return { kind: 'forbidden' } as const;
      const { refs, errors } = await resolveRefs(tx as Db, actor.hubId, input);
      if (Object.keys(errors).length) return { kind: 'invalid', errors } as const;
      if (!can(actor, 'event:create', { hubId: actor.hubId, groupId: refs.groupId ?? null })) return { kind: 'forbidden' } as const;
      const capacity = input.mode === 'dropin' ? null : (input.capacity ?? null);
      const cross = crossCheck({
        startsAt: input.start,
        endsAt: input.end,
        mode: input.mode,
        capacity,
        seatsTaken: 0,
        signupOpensAt: input.signupOpensAt ?? null,
        signupClosesAt: input.signupClosesAt ?? null,
      });
      if (Object.keys(cross).length) return { kind: 'invalid', errors: cross } as const;
      let slug = input.slug ?? `${slugFromTitle(input.title)}-${hubDay(input.start, await hubTimeZone(tx as Db, actor.hubId))}`;
      const [taken] = await tx
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.hubId, actor.hubId), eq(events.slug, slug)));
      if (taken) {
        if (input.slug) return { kind: 'invalid', errors: { slug: 'is already in use' } } as const;
        slug = `${slug}-${Math.random().toString(36).slice(2, 6)}`;
      }
      const texts = { title: input.title, summary: input.summary ?? {}, description: input.description ?? {} };
      const [row] = await tx
        .insert(events)
        .values({
          hubId: actor.hubId,
          slug,
          ...texts,
          whatToBring: input.whatToBring ?? {},
          costNote: input.costNote ?? {},
          costCents: input.costCents ?? null,
          categoryId: refs.categoryId!,
          placeId: refs.placeId ?? null,
          groupId: refs.groupId ?? null,
          startsAt: input.start,
          endsAt: input.end,
          mode: input.mode,
          capacity,
          waitlist: input.waitlist ?? false,
          maxPartySize: input.maxPartySize ?? 6,
          freeChildAge: input.freeChildAge ?? null,
          signupOpensAt: input.signupOpensAt ?? null,
          signupClosesAt: input.signupClosesAt ?? null,
          spokenLanguages: input.spokenLanguages ?? [],
          interpreter: input.interpreter ?? false,
          audiences: input.audiences ?? ['everyone'],
          published: input.published ?? true,
          reminderHours: input.reminderHours ?? null,
          morningReminder: input.morningReminder ?? null,
          searchText: eventSearchText([texts.title, texts.summary, texts.description]),
        })
        .returning({ id: events.id });
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: 'event.create',
        entity: 'event',
        entityId: row!.id,
        details: { slug },
      });
      return { kind: 'ok', eventId: row!.id } as const;
    }),
  );
}

/**
 * Edits an event. A new time or place raises SEQUENCE and tells those signed up; more seats
 * let the waiting list move up; fewer than are taken is refused.
 */
export async function updateEvent(db: Db, actor: Actor, eventId: string, patch: EventPatch, now = new Date()): Promise<EditOutcome> {
  return mapRefViolation(
    db.transaction(async (tx) => {
      const event = await lockEvent(tx as Db, eventId);
      if (!event) return { kind: 'not-found' } as const;
      if (!can(actor, 'event:edit', event)) return { kind: 'forbidden' } as const;
      const { refs, errors } = await resolveRefs(tx as Db, event.hubId, patch);
      if (Object.keys(errors).length) return { kind: 'invalid', errors } as const;
      // Moving an event to another group needs the right to run that group too.
      if (
        refs.groupId !== undefined &&
        refs.groupId !== event.groupId &&
        !can(actor, 'event:create', { hubId: event.hubId, groupId: refs.groupId })
      )
        return { kind: 'forbidden' } as const;
      const next = {
        startsAt: patch.start ?? event.startsAt,
        endsAt: patch.end ?? event.endsAt,
        mode: patch.mode ?? event.mode,
        capacity: (patch.mode ?? event.mode) === 'dropin' ? null : patch.capacity !== undefined ? patch.capacity : event.capacity,
        seatsTaken: event.seatsTaken,
        signupOpensAt: patch.signupOpensAt !== undefined ? patch.signupOpensAt : event.signupOpensAt,
        signupClosesAt: patch.signupClosesAt !== undefined ? patch.signupClosesAt : event.signupClosesAt,
      };
      const cross = crossCheck(next);
      if (Object.keys(cross).length) return { kind: 'invalid', errors: cross } as const;
      if (patch.slug && patch.slug !== event.slug) {
        const [taken] = await tx
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.hubId, event.hubId), eq(events.slug, patch.slug)));
        if (taken) return { kind: 'invalid', errors: { slug: 'is already in use' } } as const;
      }
      const placeId = refs.placeId !== undefined ? refs.placeId : event.placeId;
      const moved =
        next.startsAt.getTime() !== event.startsAt.getTime() ||
        next.endsAt.getTime() !== event.endsAt.getTime() ||
        placeId !== event.placeId;
      const texts = {
        title: patch.title ?? event.title,
        summary: patch.summary ?? event.summary,
        description: patch.description ?? event.description,
      };
      await tx
        .update(events)
        .set({
          ...(patch.slug ? { slug: patch.slug } : {}),
          ...texts,
          whatToBring: patch.whatToBring ?? event.whatToBring,
          costNote: patch.costNote ?? event.costNote,
          costCents: patch.costCents !== undefined ? patch.costCents : event.costCents,
          categoryId: refs.categoryId ?? event.categoryId,
          placeId,
          groupId: refs.groupId !== undefined ? refs.groupId : event.groupId,
          startsAt: next.startsAt,
          endsAt: next.endsAt,
          mode: next.mode,
          capacity: next.capacity,
          waitlist: patch.waitlist ?? event.waitlist,
          maxPartySize: patch.maxPartySize ?? event.maxPartySize,
          freeChildAge: patch.freeChildAge !== undefined ? patch.freeChildAge : event.freeChildAge,
          signupOpensAt: next.signupOpensAt,
          signupClosesAt: next.signupClosesAt,
          spokenLanguages: patch.spokenLanguages ?? event.spokenLanguages,
          interpreter: patch.interpreter ?? event.interpreter,
          audiences: patch.audiences ?? event.audiences,
          published: patch.published ?? event.published,
          reminderHours: patch.reminderHours !== undefined ? patch.reminderHours : event.reminderHours,
          morningReminder: patch.morningReminder !== undefined ? patch.morningReminder : event.morningReminder,
          searchText: eventSearchText([texts.title, texts.summary, texts.description]),
          sequence: moved ? sql`${events.sequence} + 1` : event.sequence,
          updatedAt: now,
        })
        .where(eq(events.id, eventId));
      if (moved && event.status === 'scheduled') {
        await notifyAttendees(tx as Db, eventId, 'event-changed');
        await notifyHelpers(tx as Db, eventId, 'helper-event-changed');
      }
      if (next.capacity !== null && (event.capacity === null || next.capacity > event.capacity))
        await promoteFromWaitlist(tx as Db, eventId, now);
      await recordChange(tx as Db, {
        userId: actorUserId(actor),
        action: 'event.update',
        entity: 'event',
        entityId: eventId,
        details: { fields: Object.keys(patch), moved },
      });
      return { kind: 'ok', eventId } as const;
    }),
  );
}
