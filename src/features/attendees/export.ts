import type { Db } from '#db/client.ts';
import type { Lang } from '#i18n/languages.ts';
import { pick } from '#i18n/translate.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { attendeesCsv } from './csv.ts';
import { listAttendees, questionLabels } from './queries.ts';

/**
 * The attendee list as CSV for someone already allowed to read it. An export takes names and
 * contacts off the server, so who took which list, and how many rows, goes in the audit log.
 */
export async function exportAttendeesCsv(
  db: Db,
  args: { eventId: string; userId: string; lang: Lang; via: 'page' | 'api' },
): Promise<string> {
  const questions = (await questionLabels(db, args.eventId)).map((q) => ({ id: q.id, label: pick(q.label, args.lang).text }));
  const attendees = await listAttendees(db, args.eventId);
  await recordChange(db, {
    userId: args.userId,
    action: 'attendees.export',
    entity: 'event',
    entityId: args.eventId,
    details: { via: args.via, rows: attendees.length },
  });
  return attendeesCsv(attendees, questions);
}
