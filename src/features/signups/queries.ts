import { and, asc, count, eq, lte } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { eventQuestions } from '#db/schema/questions.ts';
import { signups, signupTokens } from '#db/schema/signups.ts';
import { hashToken, looksLikeToken } from '#lib/tokens.ts';

/** 1-based place in the waiting list, or null when the sign-up is not waiting. */
export async function waitlistPosition(db: Db, signupId: string): Promise<number | null> {
  const [me] = await db
    .select({ eventId: signups.eventId, queueNo: signups.queueNo, status: signups.status })
    .from(signups)
    .where(eq(signups.id, signupId));
  if (me?.status !== 'waitlisted') return null;
  const [row] = await db
    .select({ n: count() })
    .from(signups)
    .where(and(eq(signups.eventId, me.eventId), eq(signups.status, 'waitlisted'), lte(signups.queueNo, me.queueNo)));
  return Number(row?.n ?? 0);
}

/** The sign-up a manage link points at; null for an unknown or malformed token. */
export async function getSignupByToken(db: Db, token: string | undefined) {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({ signup: signups })
    .from(signupTokens)
    .innerJoin(signups, eq(signups.id, signupTokens.signupId))
    .where(eq(signupTokens.tokenHash, hashToken(token)))
    .limit(1);
  return row?.signup ?? null;
}

export async function getEventQuestions(db: Db, eventId: string) {
  return db.select().from(eventQuestions).where(eq(eventQuestions.eventId, eventId)).orderBy(asc(eventQuestions.position));
}
