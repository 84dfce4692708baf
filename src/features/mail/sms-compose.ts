import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import type { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import { formatShortDateTime } from '#i18n/format.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';
import { getEventById } from '#features/events/detail.ts';
import { getHub } from '#features/hubs/queries.ts';
import { plainForSms } from '#lib/sms-text.ts';
import { smsSentThisMonth } from './sms-usage.ts';
import { offerState } from '#features/helpers/queries.ts';
import { noLongerTrue } from './still-true.ts';

type OutboxRow = typeof outbox.$inferSelect;
export type ComposedSms = { kind: 'send'; text: string } | { kind: 'skip'; reason: string };

// One short sentence per kind; the event, its time and (where there is one) the manage link
// follow. Every word costs: a GSM-7 segment holds 153 characters in a long text, UCS-2 only 67.
const templates: Partial<Record<string, MessageKey>> = {
  'signup-confirmed': 'sms.confirmed',
  'signup-waitlisted': 'sms.waitlisted',
  'signup-promoted': 'sms.promoted',
  'signup-cancelled': 'sms.cancelled',
  'signup-link': 'sms.link',
  reminder: 'sms.reminder',
  'event-changed': 'sms.changed',
  'event-cancelled': 'sms.eventCancelled',
  'leader-message': 'sms.message',
  feedback: 'sms.feedback',
  'helper-offered': 'sms.helperOffered',
  'helper-link': 'sms.helperLink',
  'helper-confirmed': 'sms.helperConfirmed',
  'helper-declined': 'sms.helperDeclined',
  'helper-cancelled': 'sms.helperCancelled',
  'helper-reminder': 'sms.helperReminder',
  'helper-event-changed': 'sms.helperChanged',
  'helper-event-cancelled': 'sms.helperEventCancelled',
  'helper-invited': 'sms.helperInvited',
};

// Why a text message is not sent; the leader's list and the outbox page show these.
export const SMS_STOPPED = 'text messages stopped by the resident';
export const SMS_OFF = 'text messages are turned off for the hub';
export const SMS_CAP = 'monthly text message cap reached';

/**
 * A link's short address for a text message: /m/{token} redirects to /{lang}/signup/{token}, and
 * /h/{token} to a helper's own page /{lang}/helper/{token}.
 */
export function shortManageUrl(url: string): string {
  return url.replace(/\/[a-z]{2}\/signup\/([A-Za-z0-9_-]+)$/, '/m/$1').replace(/\/[a-z]{2}\/helper\/([A-Za-z0-9_-]+)$/, '/h/$1');
}

/** The answer page's short address: /f/{token} redirects to /{lang}/feedback/{token}. */
export function shortFeedbackUrl(url: string): string {
  return url.replace(/\/[a-z]{2}\/feedback\/([A-Za-z0-9_-]+)$/, '/f/$1');
}

/**
 * Writes the text message for one outbox row, or says why it must not go: stopped by the
 * person, turned off or over its cap at the hub, or no longer true (a moved event's reminder).
 */
export async function composeSms(db: Db, row: OutboxRow, now = new Date()): Promise<ComposedSms> {
  const lang: Lang = isLang(row.language) ? row.language : 'fi';
  const t = translator(lang);
  const payload = row.payload as Record<string, string | number | undefined>;
  // A profile link (decision 032) is about no event: the hub of the row says whether texts may go.
  if (row.kind === 'helper-profile-link') {
    const hub = await getHub(db, row.hubId);
    if (!hub.smsEnabled) return { kind: 'skip', reason: SMS_OFF };
    if (hub.smsMonthlyCap !== null && (await smsSentThisMonth(db, hub.id, hub.timezone, now)) >= hub.smsMonthlyCap)
      return { kind: 'skip', reason: SMS_CAP };
    return { kind: 'send', text: plainForSms(`${t('sms.profileLink', { hub: hub.name })}\n${String(payload.url)}`) };
  }
  const key = templates[row.kind];
  if (!key || !row.eventId) return { kind: 'skip', reason: `no text message for ${row.kind}` };
  const [signup] = row.signupId ? await db.select().from(signups).where(eq(signups.id, row.signupId)) : [];
  if (signup?.smsOff) return { kind: 'skip', reason: SMS_STOPPED };
  const found = await getEventById(db, row.eventId);
  if (!found) return { kind: 'skip', reason: 'event gone' };
  const { event } = found;
  const hub = await getHub(db, event.hubId);
  if (!hub.smsEnabled) return { kind: 'skip', reason: SMS_OFF };
  if (hub.smsMonthlyCap !== null && (await smsSentThisMonth(db, hub.id, hub.timezone, now)) >= hub.smsMonthlyCap)
    return { kind: 'skip', reason: SMS_CAP };
  const offer = row.kind.startsWith('helper-') ? await offerState(db, payload.offerId) : undefined;
  const untrue = noLongerTrue(row.kind, payload, signup, event, now, offer);
  if (untrue) return { kind: 'skip', reason: untrue };

  const vars = {
    event: pick(event.title, lang).text,
    when: formatShortDateTime(event.startsAt, lang, hub.timezone),
    position: Number(payload.position ?? 0),
    hub: hub.name,
    task: String(payload.task ?? ''),
  };
  const lines = [t(key, vars)];
  if (row.kind === 'leader-message' && payload.text) lines.push(String(payload.text));
  if (payload.manageUrl) lines.push(shortManageUrl(String(payload.manageUrl)));
  if (payload.inviteUrl) lines.push(String(payload.inviteUrl));
  // One short link to the answer page, where the five faces are (decision 027).
  if (payload.feedbackUrl) lines.push(shortFeedbackUrl(String(payload.feedbackUrl)));
  return { kind: 'send', text: plainForSms(lines.join('\n')) };
}
