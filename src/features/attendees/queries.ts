import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { signups } from '#db/schema/signups.ts';
import type { SignupInput } from '#features/signups/schema.ts';

export interface Attendee extends Pick<SignupInput, 'name' | 'email' | 'phone' | 'adults' | 'children' | 'smallChildren'> {
  id: string;
  seats: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  /** Place in the waiting list, for those waiting. */
  position: number | null;
  language: string;
  answers: Record<string, string | string[] | boolean>;
  walkIn: boolean;
  /** Stopped text messages from the manage page. */
  smsOff: boolean;
  attended: boolean | null;
  /** How many of the party came; null until marked. */
  attendedPeople: number | null;
  signedUpAt: string;
  /** The person deleted their own data from the manage link (decision 025). */
  removedByPerson: boolean;
}

/** Everyone who signed up for an event: confirmed first, then the waiting list in order, then cancelled. */
export async function listAttendees(db: Db, eventId: string): Promise<Attendee[]> {
  const rows = await db
    .select()
    .from(signups)
    .where(eq(signups.eventId, eventId))
    .orderBy(sql`CASE ${signups.status} WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END`, asc(signups.queueNo));
  let waiting = 0;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    adults: r.adults,
    children: r.children,
    smallChildren: r.smallChildren,
    seats: r.seats,
    status: r.status,
    position: r.status === 'waitlisted' ? ++waiting : null,
    language: r.language,
    answers: r.answers,
    walkIn: r.walkIn,
    smsOff: r.smsOff,
    attended: r.attended,
    attendedPeople: r.attendedPeople,
    signedUpAt: r.createdAt.toISOString(),
    removedByPerson: r.removedByPerson,
  }));
}

export async function questionLabels(db: Db, eventId: string) {
  return db
    .select({ id: eventQuestions.id, label: eventQuestions.label, options: eventQuestions.options })
    .from(eventQuestions)
    .where(eq(eventQuestions.eventId, eventId))
    .orderBy(asc(eventQuestions.position));
}
