import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { signups } from '#db/schema/signups.ts';
import { events } from '#db/schema/events.ts';
import { recordChange } from '#features/audit/mutations.ts';
import { actorUserId, can, type Actor } from '#features/auth/policy.ts';
import { enqueueMessages, reachOf } from '#features/mail/outbox.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { pick } from '#i18n/translate.ts';

// A message is a few paragraphs, not a newsletter.
export const MESSAGE_MAX = 2_000;
export type Audience = 'confirmed' | 'waitlisted' | 'all';

/** What a leader writes: the text in the language they wrote it in, and any translations. */
export interface LeaderMessage {
  language: Lang;
  text: string;
  translations?: Partial<Record<string, string>>;
}

export type MessageOutcome =
  | { kind: 'queued'; emailed: number; texted: number }
  | { kind: 'empty' }
  | { kind: 'not-found' }
  | { kind: 'forbidden' };

const clean = (text: string) => text.replace(/\r\n/g, '\n').trim().slice(0, MESSAGE_MAX);

/**
 * A leader's message to those coming, those waiting, or both: one queued message each, by
 * email or (phone only) text message, in the recipient's language when a translation is there,
 * else by the same fallback as event texts.
 */
export async function messageAttendees(
  db: Db,
  actor: Actor,
  eventId: string,
  to: Audience,
  message: LeaderMessage,
): Promise<MessageOutcome> {
  const texts: Partial<Record<string, string>> = {};
  for (const [lang, text] of Object.entries(message.translations ?? {})) if (isLang(lang) && text && clean(text)) texts[lang] = clean(text);
  const body = clean(message.text);
  if (!body) return { kind: 'empty' };
  texts[message.language] = body;
  const statuses = to === 'all' ? (['confirmed', 'waitlisted'] as const) : ([to] as const);
  return db.transaction(async (tx) => {
    const [event] = await tx.select({ hubId: events.hubId, groupId: events.groupId }).from(events).where(eq(events.id, eventId));
    if (!event) return { kind: 'not-found' } as const;
    if (!can(actor, 'attendees:edit', event)) return { kind: 'forbidden' } as const;
    const people = await tx
      .select({ id: signups.id, email: signups.email, phone: signups.phone, language: signups.language })
      .from(signups)
      .where(and(eq(signups.eventId, eventId), inArray(signups.status, [...statuses])));
    // Walk-ins added without any contact cannot be reached at all.
    const reached = people.flatMap((p) => {
      const reach = reachOf(p);
      if (!reach) return [];
      const chosen = pick(texts, isLang(p.language) ? p.language : 'fi');
      return [
        {
          kind: 'leader-message' as const,
          ...reach,
          language: p.language,
          signupId: p.id,
          eventId,
          payload: { text: chosen.text, textLanguage: chosen.lang },
        },
      ];
    });
    await enqueueMessages(tx as Db, reached);
    const emailed = reached.filter((r) => r.channel === 'email').length;
    const texted = reached.length - emailed;
    await recordChange(tx as Db, {
      userId: actorUserId(actor),
      action: 'event.message',
      entity: 'event',
      entityId: eventId,
      details: { to, emailed, texted, language: message.language, translations: Object.keys(texts).length - 1 },
    });
    return { kind: 'queued', emailed, texted } as const;
  });
}
