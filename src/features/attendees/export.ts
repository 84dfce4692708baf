import type { Db } from '#db/client.ts';
import type { Lang } from '#i18n/languages.ts';
import { pick } from '#i18n/translate.ts';
import { recordChange } from '#features/audit/mutations.ts';
import type { Actor } from '#features/auth/policy.ts';
import { eventAccess } from './access.ts';
import { attendeesCsv } from './csv.ts';
import { listAttendees, questionLabels } from './queries.ts';

export type ExportOutcome = { kind: 'csv'; csv: string; slug: string } | { kind: 'forbidden' } | { kind: 'not-found' };

/**
 * The attendee list as CSV, for whoever the policy lets read it (decision 017). An export takes
 * names and contacts off the server, so who took which list, and how many rows, goes in the
 * audit log.
 */
export async function exportAttendeesCsv(
  db: Db,
  actor: Actor,
  args: { eventId: string; lang: Lang; via: 'page' | 'api' },
): Promise<ExportOutcome> {
  const access = await eventAccess(db, actor, args.eventId, 'attendees:read');
  if (access.kind !== 'allowed') return access;
  const questions = (await questionLabels(db, args.eventId)).map((q) => ({ id: q.id, label: pick(q.label, args.lang).text }));
  const attendees = await listAttendees(db, args.eventId);
  await recordChange(db, {
    userId: actor.kind === 'user' ? actor.userId : null,
    action: 'attendees.export',
    entity: 'event',
    entityId: args.eventId,
    details: { via: args.via, rows: attendees.length },
  });
  return { kind: 'csv', csv: attendeesCsv(attendees, questions), slug: access.event.slug };
}
