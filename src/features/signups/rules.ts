import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { events } from '#db/schema/events.ts';
import { getEventQuestions } from './queries.ts';
import type { SignupRules } from './schema.ts';

/** What the input parser needs to know about an event; null when there is no such event. */
export async function getSignupRules(db: Db, eventId: string): Promise<SignupRules | null> {
  const [event] = await db
    .select({ maxPartySize: events.maxPartySize, freeChildAge: events.freeChildAge })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event) return null;
  const questions = await getEventQuestions(db, eventId);
  return {
    ...event,
    questions: questions.map((q) => ({ id: q.id, kind: q.kind, required: q.required, options: q.options.filter((o) => !o.removed) })),
  };
}
