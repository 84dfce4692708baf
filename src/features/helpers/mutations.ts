import { and, eq, gt, inArray, like } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { helperOffers, helperTasks, helperTokens } from '#db/schema/helpers.ts';
import { outbox } from '#db/schema/outbox.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { enqueueMessage, enqueueMessages, reachOf } from '#features/mail/outbox.ts';
import { freePlaces, lockOfferTaskEvent, moveConfirmed } from '#features/seats/helper-places.ts';
import { lockEvent } from '#features/seats/lock.ts';
import { isLang } from '#i18n/languages.ts';
import { taskLabel } from './labels.ts';
import { issueHelperLink } from './links.ts';
import type { OfferInput, TaskInput } from './schema.ts';

type TaskRow = typeof helperTasks.$inferSelect;
const label = (task: TaskRow, language: string) => taskLabel(task, isLang(language) ? language : 'fi');

export type TaskOutcome =
  | { kind: 'added'; taskId: string; sessions: number }
  | { kind: 'removed' }
  | { kind: 'has-helpers' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * A leader adds a task to their event and, when asked, to each later session of its series that
 * is still scheduled and that they may manage (a session moved to another group stays out).
 * Sessions made later by extending the series get none: their leader adds them there.
 */
export async function addTask(db: Db, actor: Actor, eventId: string, input: TaskInput): Promise<TaskOutcome> {
  const { following, ...task } = input;
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'helpers:manage', { hubId: event.hubId, groupId: event.groupId })) return { kind: 'forbidden' } as const;
    const later =
      following && event.seriesId
        ? (
            await tx
              .select({ id: events.id, hubId: events.hubId, groupId: events.groupId })
              .from(events)
              .where(and(eq(events.seriesId, event.seriesId), gt(events.startsAt, event.startsAt), eq(events.status, 'scheduled')))
          ).filter((session) => can(actor, 'helpers:manage', session))
        : [];
    const rows = await tx
      .insert(helperTasks)
      .values([eventId, ...later.map((session) => session.id)].map((id) => ({ ...task, eventId: id })))
      .returning({ id: helperTasks.id, eventId: helperTasks.eventId });
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'helpers.task-add',
      entity: 'event',
      entityId: eventId,
      details: { kind: task.kind, needed: task.needed, ...(later.length ? { laterSessions: later.length } : {}) },
    });
    return { kind: 'added', taskId: rows.find((r) => r.eventId === eventId)!.id, sessions: rows.length } as const;
  });
}

/** Removes a task no helper has been confirmed for (their hours would go with it). */
export async function removeTask(db: Db, actor: Actor, eventId: string, taskId: string): Promise<TaskOutcome> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx as Db, eventId);
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'helpers:manage', { hubId: event.hubId, groupId: event.groupId })) return { kind: 'forbidden' } as const;
    const [task] = await tx
      .select()
      .from(helperTasks)
      .where(and(eq(helperTasks.id, taskId), eq(helperTasks.eventId, eventId)))
      .for('no key update');
    if (!task) return { kind: 'not-found' } as const;
    if (task.confirmed > 0) return { kind: 'has-helpers' } as const;
    // A repeat's decoy has the same contact as its live offer: only the real offers are told,
    // or the person would hear it once per time they offered.
    const live = await tx
      .select({ email: helperOffers.email, phone: helperOffers.phone, language: helperOffers.language })
      .from(helperOffers)
      .where(and(eq(helperOffers.taskId, taskId), eq(helperOffers.status, 'offered'), eq(helperOffers.decoy, false)));
    await tx.delete(helperTasks).where(eq(helperTasks.id, taskId));
    await recordChange(tx as Db, { userId: actorUserId(actor), action: 'helpers.task-remove', entity: 'event', entityId: eventId });
    // Those who had offered hear that the task is gone (the offers went with it), in one statement.
    await enqueueMessages(
      tx as Db,
      live.flatMap((offer) => {
        const reach = reachOf(offer);
        return reach
          ? [
              {
                kind: 'helper-declined' as const,
                ...reach,
                language: offer.language,
                eventId,
                payload: { task: label(task, offer.language) },
              },
            ]
          : [];
      }),
    );
    return { kind: 'removed' } as const;
  });
}

export type OfferOutcome = { kind: 'offered' } | { kind: 'not-found' } | { kind: 'closed' };

/**
 * Someone offers to help with a task (public, like a sign-up: holding the link is the right).
 * A repeat (same task, same email or phone as a live offer) is a decoy answered exactly like a
 * new offer; the owner of the contact gets a fresh link to their own offer (decision 015). The
 * link is never shown on the page: it goes to the contact given, so only its owner holds it.
 */
export async function createOffer(db: Db, input: OfferInput, now = new Date()): Promise<OfferOutcome> {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ eventId: helperTasks.eventId }).from(helperTasks).where(eq(helperTasks.id, input.taskId));
    if (!ref) return { kind: 'not-found' } as const;
    const event = await lockEvent(tx as Db, ref.eventId);
    if (!event?.published) return { kind: 'not-found' } as const;
    if (event.status !== 'scheduled' || now >= event.startsAt) return { kind: 'closed' } as const;
    const [task] = await tx.select().from(helperTasks).where(eq(helperTasks.id, input.taskId));
    if (!task) return { kind: 'not-found' } as const;
    const reach = reachOf(input)!;
    const [owner] = await tx
      .select()
      .from(helperOffers)
      .where(
        and(
          eq(helperOffers.taskId, task.id),
          eq(helperOffers.reach, reach.recipient),
          eq(helperOffers.decoy, false),
          inArray(helperOffers.status, ['offered', 'confirmed']),
        ),
      );
    const [row] = await tx
      .insert(helperOffers)
      .values({
        taskId: task.id,
        name: input.name,
        email: input.email,
        phone: input.phone,
        reach: reach.recipient,
        spoken: input.spoken,
        language: input.language,
        decoy: Boolean(owner),
        consentAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: helperOffers.id });
    const to = owner ?? { id: row!.id, language: input.language };
    const link = await issueHelperLink(tx as Db, to.id, to.language);
    await enqueueMessage(tx as Db, {
      kind: owner ? 'helper-link' : 'helper-offered',
      ...reach,
      language: to.language,
      eventId: event.id,
      payload: { manageUrl: link.url, task: label(task, to.language), name: owner ? owner.name : input.name },
    });
    return { kind: 'offered' } as const;
  });
}

export type DecideOutcome =
  | { kind: 'confirmed' }
  | { kind: 'declined' }
  | { kind: 'full' }
  | { kind: 'unchanged' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

/**
 * A leader confirms or declines an offer. Confirming takes a place under the task's lock: a
 * task never has more confirmed helpers than it needs; when it is full the offer stays offered.
 */
export async function decideOffer(
  db: Db,
  actor: Actor,
  eventId: string,
  offerId: string,
  decision: 'confirm' | 'decline',
  now = new Date(),
): Promise<DecideOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockOfferTaskEvent(tx as Db, offerId, eventId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, task, offer } = locked;
    if (!can(actor, 'helpers:manage', { hubId: event.hubId, groupId: event.groupId })) return { kind: 'forbidden' } as const;
    if (offer.decoy || offer.anonymizedAt) return { kind: 'not-found' } as const;
    const target = decision === 'confirm' ? 'confirmed' : 'declined';
    if (offer.status === target || offer.status === 'cancelled') return { kind: 'unchanged' } as const;
    if (target === 'confirmed') {
      if (freePlaces(task) <= 0) return { kind: 'full' } as const;
      await moveConfirmed(tx as Db, task.id, 1);
    } else if (offer.status === 'confirmed') await moveConfirmed(tx as Db, task.id, -1);
    await tx
      .update(helperOffers)
      .set({ status: target, decidedAt: now, updatedAt: now, minutes: null })
      .where(eq(helperOffers.id, offerId));
    await recordChange(tx as Db, { userId: actorUserId(actor), action: `helpers.${decision}`, entity: 'event', entityId: eventId });
    const reach = reachOf(offer);
    if (reach) {
      const link = target === 'confirmed' ? await issueHelperLink(tx as Db, offer.id, offer.language) : null;
      await enqueueMessage(tx as Db, {
        kind: target === 'confirmed' ? 'helper-confirmed' : 'helper-declined',
        ...reach,
        language: offer.language,
        eventId,
        payload: { task: label(task, offer.language), name: offer.name, ...(link ? { manageUrl: link.url } : {}) },
      });
    }
    return { kind: target } as const;
  });
}

/** The helper withdraws their offer from their link; a confirmed place opens again. */
export async function cancelOffer(db: Db, offerId: string, now = new Date()): Promise<{ kind: 'cancelled' | 'unchanged' | 'not-found' }> {
  return db.transaction(async (tx) => {
    const locked = await lockOfferTaskEvent(tx as Db, offerId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, task, offer } = locked;
    if (offer.status === 'cancelled' || offer.status === 'declined' || now >= event.startsAt) return { kind: 'unchanged' } as const;
    if (offer.status === 'confirmed' && !offer.decoy) await moveConfirmed(tx as Db, task.id, -1);
    await tx.update(helperOffers).set({ status: 'cancelled', updatedAt: now }).where(eq(helperOffers.id, offerId));
    const reach = reachOf(offer);
    if (reach) {
      await enqueueMessage(tx as Db, {
        kind: 'helper-cancelled',
        ...reach,
        language: offer.language,
        eventId: event.id,
        payload: { task: label(task, offer.language), name: offer.name },
      });
    }
    return { kind: 'cancelled' } as const;
  });
}

export const MINUTES_MAX = 1440;

/**
 * A leader confirms the volunteer time of a confirmed helper once the event has begun (the
 * default offered on the page is the event's duration). Null clears it (did not come).
 */
export async function setHours(
  db: Db,
  actor: Actor,
  eventId: string,
  offerId: string,
  minutes: number | null,
  now = new Date(),
): Promise<{ kind: 'saved' | 'not-yet' | 'not-confirmed' | 'not-found' | 'forbidden' }> {
  return db.transaction(async (tx) => {
    const locked = await lockOfferTaskEvent(tx as Db, offerId, eventId);
    if (!locked) return { kind: 'not-found' } as const;
    const { event, offer } = locked;
    if (!can(actor, 'helpers:manage', { hubId: event.hubId, groupId: event.groupId })) return { kind: 'forbidden' } as const;
    if (offer.decoy || offer.anonymizedAt) return { kind: 'not-found' } as const;
    if (offer.status !== 'confirmed') return { kind: 'not-confirmed' } as const;
    if (now < event.startsAt) return { kind: 'not-yet' } as const;
    await tx.update(helperOffers).set({ minutes, updatedAt: now }).where(eq(helperOffers.id, offerId));
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'helpers.hours',
      entity: 'event',
      entityId: eventId,
      details: { minutes },
    });
    return { kind: 'saved' } as const;
  });
}

/** The event's length in whole minutes: the hours a leader is offered by default. */
export const eventMinutes = (event: Pick<typeof events.$inferSelect, 'startsAt' | 'endsAt'>) =>
  Math.min(MINUTES_MAX, Math.max(0, Math.round((event.endsAt.getTime() - event.startsAt.getTime()) / 60_000)));

/**
 * The helper deletes their data from their link (decision 025): every offer of their record
 * loses name, contact and languages; a confirmed place at a coming event opens again. Counts
 * of tasks and the hours worked stay for the figures, tied to no one.
 */
export async function eraseHelper(db: Db, offerIds: string[], now = new Date()): Promise<{ kind: 'erased' }> {
  for (const offerId of offerIds) {
    await db.transaction(async (tx) => {
      const locked = await lockOfferTaskEvent(tx as Db, offerId);
      if (!locked) return;
      const { task, offer } = locked;
      const status =
        offer.status === 'offered' || (offer.status === 'confirmed' && now < locked.event.startsAt) ? 'cancelled' : offer.status;
      if (offer.status === 'confirmed' && status === 'cancelled' && !offer.decoy) await moveConfirmed(tx as Db, task.id, -1);
      // Hours already worked stay, tied to no one, as a sign-up's party size does: the volunteer
      // hours in the reports do not shrink when a helper leaves (decision 031).
      await tx
        .update(helperOffers)
        .set({
          name: '',
          email: null,
          phone: null,
          reach: null,
          spoken: [],
          minutes: status === 'confirmed' ? offer.minutes : null,
          status,
          anonymizedAt: now,
          updatedAt: now,
        })
        .where(eq(helperOffers.id, offerId));
      await tx.delete(helperTokens).where(eq(helperTokens.offerId, offerId));
      // As for a sign-up (decision 025): the messages about this event's offers sent to the
      // contact (pending ones too) and the repeats' decoys holding it go. A decoy's own erasure
      // touches nothing else: its contact is another offer's.
      const contacts = [offer.email, offer.phone].filter((c): c is string => c !== null);
      if (!offer.decoy && contacts.length) {
        await tx
          .delete(outbox)
          .where(and(eq(outbox.eventId, locked.event.id), like(outbox.kind, 'helper-%'), inArray(outbox.recipient, contacts)));
        if (offer.reach)
          await tx
            .delete(helperOffers)
            .where(and(eq(helperOffers.taskId, task.id), eq(helperOffers.decoy, true), eq(helperOffers.reach, offer.reach)));
      }
    });
  }
  return { kind: 'erased' };
}
