import { asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { categories } from '#db/schema/categories.ts';
import { places } from '#db/schema/places.ts';
import type { Actor, UserActor } from '#features/auth/policy.ts';
import { cancelEvent } from '#features/events/changes.ts';
import { createEvent, updateEvent } from '#features/events/editing.ts';
import { eventFromForm } from '#features/events/form-input.ts';
import { eventPatchSchema, fieldErrors, newEventSchema } from '#features/events/input.ts';
import { events } from '#db/schema/events.ts';
import { seriesRuleFromForm } from '#features/series/form-input.ts';
import { createSeries, editSeriesFrom } from '#features/series/mutations.ts';
import { isoWeekday } from '#features/events/hub-days.ts';
import { slugFromTitle } from '#features/events/slug.ts';
import { type EventFormValues, valuesFromForm } from '#features/events/form-values.ts';
import { setEventsPicture, type PictureChange } from '#features/pictures/mutations.ts';
import { pictureFormPart } from '#features/pictures/form.ts';
import type { Translated } from '#db/schema/translated.ts';
import { listManagedGroups } from './queries.ts';

/** The picture part of the form (decision 028); whether the event has one decides if alt is needed. */
async function pictureFromEventForm(db: Db, form: FormData, eventId: string | undefined) {
  const [row] = eventId ? await db.select({ pictureId: events.pictureId }).from(events).where(eq(events.id, eventId)) : [];
  return pictureFormPart(form, Boolean(row?.pictureId));
}

async function savePicture(db: Db, actor: Actor, eventIds: string[], picture: { change: PictureChange; alt: Translated }) {
  await setEventsPicture(db, actor, eventIds, picture.change, picture.alt);
}

/** The choices the event form offers this person: the hub's categories and places, their groups. */
export async function eventFormOptions(db: Db, actor: UserActor) {
  const [cats, pls, mine] = await Promise.all([
    db
      .select({ slug: categories.slug, name: categories.name })
      .from(categories)
      .where(eq(categories.hubId, actor.hubId))
      .orderBy(asc(categories.position)),
    db.select({ slug: places.slug, name: places.name }).from(places).where(eq(places.hubId, actor.hubId)).orderBy(asc(places.slug)),
    listManagedGroups(db, actor),
  ]);
  return { categories: cats, places: pls, groups: mine.map((g) => ({ slug: g.slug, name: g.name })) };
}

export type EventFormResult =
  | { kind: 'saved'; eventId: string; sessions?: number }
  | { kind: 'cancelled' }
  | { kind: 'show'; status: number; errors: Record<string, string>; values?: EventFormValues };

/** Create (no eventId) or edit an event from the leaders' form; cancelling needs a ticked box. */
export async function submitEventForm(
  db: Db,
  args: { actor: Actor; form: FormData | null; timeZone: string; eventId?: string },
): Promise<EventFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', status: 400, errors: { body: 'not a form' } };
  const result = await handleEventForm(db, args, form);
  // A refused post shows the form again with what was typed (a cancel box is never pre-ticked).
  return result.kind === 'show' && form.get('action') !== 'cancel' ? { ...result, values: valuesFromForm(form) } : result;
}

async function handleEventForm(
  db: Db,
  args: { actor: Actor; timeZone: string; eventId?: string },
  form: FormData,
): Promise<EventFormResult> {
  if (args.eventId && form.get('action') === 'cancel') {
    if (form.get('confirm') !== 'yes') return { kind: 'show', status: 422, errors: { confirm: 'tick the box to cancel' } };
    const outcome = await cancelEvent(db, args.actor, args.eventId);
    if (outcome.kind === 'forbidden' || outcome.kind === 'not-found')
      return { kind: 'show', status: outcome.kind === 'forbidden' ? 403 : 404, errors: { body: outcome.kind } };
    return { kind: 'cancelled' };
  }
  // "Write in another language first": the same form again, as typed, nothing saved.
  if (form.get('action') === 'relang') return { kind: 'show', status: 200, errors: {} };
  const { body, errors } = eventFromForm(form, args.timeZone);
  const repeat = args.eventId ? { rule: null, errors: {} } : seriesRuleFromForm(form);
  Object.assign(errors, repeat.errors);
  const picture = await pictureFromEventForm(db, form, args.eventId);
  Object.assign(errors, picture.errors);
  if (Object.keys(errors).length) return { kind: 'show', status: 422, errors };
  const parsed = args.eventId ? eventPatchSchema.safeParse(body) : newEventSchema.safeParse(body);
  if (!parsed.success) return { kind: 'show', status: 422, errors: fieldErrors(parsed.error) };

  // A new repeating event: one session per date of the rule, at the form's wall-clock times.
  if (repeat.rule && !args.eventId) {
    const input = parsed.data as Parameters<typeof createEvent>[2];
    const day = String(form.get('date'));
    const startTime = String(form.get('start'));
    const durationMinutes = Math.round((input.end.getTime() - input.start.getTime()) / 60_000);
    // A sign-up window is one date pair: the sessions of a series open at once, until they start.
    const { start: _s, end: _e, slug, signupOpensAt: _o, signupClosesAt: _c, ...template } = input;
    const made = await createSeries(
      db,
      args.actor,
      { ...template, slug: slug ?? slugFromTitle(input.title) },
      { ...repeat.rule, weekday: isoWeekday(day), startTime, durationMinutes },
    );
    if (made.kind === 'ok') {
      await savePicture(db, args.actor, made.eventIds, picture);
      return { kind: 'saved', eventId: made.eventIds[0]!, sessions: made.eventIds.length };
    }
    if (made.kind === 'invalid') return { kind: 'show', status: 422, errors: made.errors };
    if (made.kind === 'empty') return { kind: 'show', status: 422, errors: { until: 'the rule makes no dates' } };
    return { kind: 'show', status: made.kind === 'forbidden' ? 403 : 404, errors: { body: made.kind } };
  }

  // "This and following": the same change for every later session of the series.
  if (args.eventId && form.get('scope') === 'following') {
    const [event] = await db
      .select({ seriesId: events.seriesId, occurrence: events.occurrence })
      .from(events)
      .where(eq(events.id, args.eventId));
    if (event?.seriesId && event.occurrence) {
      const patch = parsed.data as Parameters<typeof updateEvent>[3];
      const { start, end, slug: _slug, signupOpensAt: _o, signupClosesAt: _c, ...rest } = patch;
      const durationMinutes = start && end ? Math.round((end.getTime() - start.getTime()) / 60_000) : undefined;
      const outcome = await editSeriesFrom(db, args.actor, event.seriesId, event.occurrence, {
        patch: rest,
        startTime: start ? String(form.get('start')) : undefined,
        durationMinutes,
      });
      if (outcome.kind === 'ok') {
        await savePicture(db, args.actor, [args.eventId], picture);
        return { kind: 'saved', eventId: args.eventId, sessions: outcome.edited };
      }
      if (outcome.kind === 'invalid') return { kind: 'show', status: 422, errors: outcome.errors };
      return { kind: 'show', status: outcome.kind === 'forbidden' ? 403 : 404, errors: { body: outcome.kind } };
    }
  }
  const outcome = args.eventId
    ? await updateEvent(db, args.actor, args.eventId, parsed.data)
    : await createEvent(db, args.actor, parsed.data as Parameters<typeof createEvent>[2]);
  if (outcome.kind === 'ok') {
    await savePicture(db, args.actor, [outcome.eventId], picture);
    return { kind: 'saved', eventId: outcome.eventId };
  }
  if (outcome.kind === 'invalid') return { kind: 'show', status: 422, errors: outcome.errors };
  return { kind: 'show', status: outcome.kind === 'forbidden' ? 403 : 404, errors: { body: outcome.kind } };
}
