import { asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { eventQuestions } from '#db/schema/questions.ts';

/** An event's own questions in their order, removed options included (answers still name them). */
export async function listQuestions(db: Db, eventId: string) {
  return db
    .select()
    .from(eventQuestions)
    .where(eq(eventQuestions.eventId, eventId))
    .orderBy(asc(eventQuestions.position), asc(eventQuestions.id));
}
export type StoredQuestion = Awaited<ReturnType<typeof listQuestions>>[number];
