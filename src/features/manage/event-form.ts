import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { categories } from '../../db/schema/categories.ts';
import { places } from '../../db/schema/places.ts';
import type { Actor } from '../auth/policy.ts';
import { cancelEvent } from '../events/changes.ts';
import { createEvent, updateEvent } from '../events/editing.ts';
import { eventFromForm } from '../events/form-input.ts';
import { eventPatchSchema, fieldErrors, newEventSchema } from '../events/input.ts';
import { readForm } from '../signups/form-data.ts';
import { getManagedGroups } from './queries.ts';

/** The choices the event form offers this person: the hub's categories and places, their groups. */
export async function eventFormOptions(db: Db, actor: Actor, now: Date) {
  const [cats, pls, mine] = await Promise.all([
    db.select({ slug: categories.slug, name: categories.name }).from(categories).where(eq(categories.hubId, actor.hubId)).orderBy(asc(categories.position)),
    db.select({ slug: places.slug, name: places.name }).from(places).where(eq(places.hubId, actor.hubId)).orderBy(asc(places.slug)),
    getManagedGroups(db, actor, now, 0),
  ]);
  return { categories: cats, places: pls, groups: mine.map((g) => ({ slug: g.group.slug, name: g.group.name })) };
}

export type EventFormResult = { kind: 'saved'; eventId: string } | { kind: 'cancelled' } | { kind: 'show'; status: number; errors: Record<string, string> };

/** Create (no eventId) or edit an event from the leaders' form; cancelling needs a ticked box. */
export async function submitEventForm(db: Db, args: { actor: Actor; request: Request; timeZone: string; eventId?: string }): Promise<EventFormResult> {
  const form = await readForm(args.request);
  if (!form) return { kind: 'show', status: 400, errors: { body: 'not a form' } };
  if (args.eventId && form.get('action') === 'cancel') {
    if (form.get('confirm') !== 'yes') return { kind: 'show', status: 422, errors: { confirm: 'tick the box to cancel' } };
    await cancelEvent(db, args.eventId, { userId: args.actor.id });
    return { kind: 'cancelled' };
  }
  const { body, errors } = eventFromForm(form, args.timeZone);
  if (Object.keys(errors).length) return { kind: 'show', status: 422, errors };
  const parsed = args.eventId ? eventPatchSchema.safeParse(body) : newEventSchema.safeParse(body);
  if (!parsed.success) return { kind: 'show', status: 422, errors: fieldErrors(parsed.error) };
  const outcome = args.eventId
    ? await updateEvent(db, args.actor, args.eventId, parsed.data)
    : await createEvent(db, args.actor, parsed.data as Parameters<typeof createEvent>[2]);
  if (outcome.kind === 'ok') return { kind: 'saved', eventId: outcome.eventId };
  if (outcome.kind === 'invalid') return { kind: 'show', status: 422, errors: outcome.errors };
  return { kind: 'show', status: outcome.kind === 'forbidden' ? 403 : 404, errors: { body: outcome.kind } };
}
