import { eq } from 'drizzle-orm';
import type { Config } from '#config';
import type { Db } from '#db/client.ts';
import type { outbox } from '#db/schema/outbox.ts';
import { signups } from '#db/schema/signups.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import { formatDateTimeRange } from '#i18n/format.ts';
import { isLang, textDirection, type Lang } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';
import { getEventById } from '#features/events/detail.ts';
import { getHub } from '#features/hubs/queries.ts';
import { buildCalendar } from '#features/feeds/ical.ts';
import type { MailMessage } from './transport.ts';
import { addressLine } from '#features/places/address.ts';
import { escapeHtml } from '#lib/html.ts';
import { FEEDBACK_FACES, FEEDBACK_SCORES } from '#features/feedback/faces.ts';
import { offerState } from '#features/helpers/queries.ts';
import { noLongerTrue } from './still-true.ts';

type OutboxRow = typeof outbox.$inferSelect;
export type Composed = { kind: 'send'; message: MailMessage } | { kind: 'skip'; reason: string };

// One entry per message kind: its subject and first paragraph, and whether it carries the event.
const templates: Record<string, { subject: MessageKey; body: MessageKey; ics?: boolean }> = {
  'signup-confirmed': { subject: 'mail.confirmed.subject', body: 'mail.confirmed.body', ics: true },
  'signup-waitlisted': { subject: 'mail.waitlisted.subject', body: 'mail.waitlisted.body' },
  'signup-promoted': { subject: 'mail.promoted.subject', body: 'mail.promoted.body', ics: true },
  'signup-cancelled': { subject: 'mail.cancelled.subject', body: 'mail.cancelled.body' },
  'signup-link': { subject: 'mail.link.subject', body: 'mail.link.body' },
  reminder: { subject: 'mail.reminder.subject', body: 'mail.reminder.body', ics: true },
  'event-changed': { subject: 'mail.changed.subject', body: 'mail.changed.body', ics: true },
  'event-cancelled': { subject: 'mail.eventCancelled.subject', body: 'mail.eventCancelled.body', ics: true },
  feedback: { subject: 'mail.feedback.subject', body: 'mail.feedback.body' },
  'leader-message': { subject: 'mail.message.subject', body: 'mail.message.intro' },
  // Volunteer tasks (decision 031): no sign-up row; the task and the typed name ride in the payload.
  'helper-offered': { subject: 'mail.helperOffered.subject', body: 'mail.helperOffered.body' },
  'helper-link': { subject: 'mail.helperLink.subject', body: 'mail.helperLink.body' },
  'helper-confirmed': { subject: 'mail.helperConfirmed.subject', body: 'mail.helperConfirmed.body', ics: true },
  'helper-declined': { subject: 'mail.helperDeclined.subject', body: 'mail.helperDeclined.body' },
  'helper-cancelled': { subject: 'mail.helperCancelled.subject', body: 'mail.helperCancelled.body' },
  'helper-reminder': { subject: 'mail.helperReminder.subject', body: 'mail.helperReminder.body', ics: true },
  'helper-event-changed': { subject: 'mail.helperChanged.subject', body: 'mail.helperChanged.body', ics: true },
  'helper-event-cancelled': { subject: 'mail.helperEventCancelled.subject', body: 'mail.helperEventCancelled.body', ics: true },
  // A leader's invitation to a helper's profile (decision 032): its link rides as `inviteUrl`.
  'helper-invited': { subject: 'mail.helperInvited.subject', body: 'mail.helperInvited.body' },
};

interface Block {
  text: string;
  link?: { label: string; url: string };
}

function render(blocks: Block[], lang: Lang): { text: string; html: string } {
  const text = blocks.map((b) => (b.link ? `${b.link.label}:\n${b.link.url}` : b.text)).join('\n\n');
  const dir = textDirection(lang);
  const body = blocks
    .map((b) =>
      b.link
        ? `<p><a href="${escapeHtml(b.link.url)}" style="font-weight:bold">${escapeHtml(b.link.label)}</a></p>`
        : `<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  return {
    text: `${text}\n`,
    html: `<!doctype html><html lang="${lang}" dir="${dir}"><body style="font-family:sans-serif;font-size:16px;line-height:1.5">\n${body}\n</body></html>\n`,
  };
}

function messageId(row: OutboxRow, config: Config) {
  return `<${row.id}@${new URL(config.publicUrl).hostname}>`;
}

/**
 * Writes the email for one outbox row in the recipient's language, or says why it should not
 * go out any more (a reminder for a moved or cancelled event, say).
 */
export async function composeMessage(db: Db, row: OutboxRow, config: Config): Promise<Composed> {
  const lang: Lang = isLang(row.language) ? row.language : 'fi';
  const t = translator(lang);
  const payload = row.payload as Record<string, string | number | undefined>;
  // Every message is sent by the system, never by a person: auto-replies should not answer (RFC 3834).
  const base = {
    from: config.MAIL_FROM,
    to: row.recipient,
    messageId: messageId(row, config),
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated' } as Record<string, string>,
  };

  if (row.kind === 'login-link') {
    const { text, html } = render(
      [{ text: t('mail.login.body') }, { text: '', link: { label: t('mail.login.button'), url: String(payload.url) } }],
      lang,
    );
    return { kind: 'send', message: { ...base, subject: t('mail.login.subject'), text, html } };
  }

  if (row.kind === 'password-changed') {
    const body = payload.change === 'removed' ? t('mail.password.removedBody') : t('mail.password.setBody');
    const { text, html } = render(
      [
        { text: body },
        { text: t('mail.password.notYou') },
        { text: '', link: { label: t('mail.password.button'), url: `${config.publicUrl}/${lang}/manage/account` } },
      ],
      lang,
    );
    return { kind: 'send', message: { ...base, subject: t('mail.password.subject'), text, html } };
  }

  if (row.kind === 'helper-profile-link') {
    const hub = await getHub(db, row.hubId);
    const { text, html } = render(
      [
        { text: t('mail.profileLink.body') },
        { text: '', link: { label: t('mail.profileLink.button'), url: String(payload.url) } },
        { text: `—\n${t('mail.profileFooter', { hub: hub.name })}` },
      ],
      lang,
    );
    return { kind: 'send', message: { ...base, subject: t('mail.profileLink.subject', { hub: hub.name }), text, html } };
  }

  const template = templates[row.kind];
  if (!template || !row.eventId) return { kind: 'skip', reason: `no template for ${row.kind}` };
  const found = await getEventById(db, row.eventId);
  if (!found) return { kind: 'skip', reason: 'event gone' };
  const { event, place } = found;
  const [signup] = row.signupId ? await db.select().from(signups).where(eq(signups.id, row.signupId)) : [];
  const hub = await getHub(db, event.hubId);
  const timeZone = hub.timezone;

  const offer = row.kind.startsWith('helper-') ? await offerState(db, payload.offerId) : undefined;
  const untrue = noLongerTrue(row.kind, payload, signup, event, new Date(), offer);
  if (untrue) return { kind: 'skip', reason: untrue };

  const title = pick(event.title, lang).text;
  const when = formatDateTimeRange(event.startsAt, event.endsAt, lang, timeZone);
  const eventUrl = `${config.publicUrl}/${lang}/events/${event.slug}`;
  const where = place ? [pick(place.name, lang).text, addressLine(place)].filter(Boolean).join('\n') : '';
  const vars = { event: title, when, position: Number(payload.position ?? 0), name: signup?.name ?? '', hub: hub.name };

  if (row.kind === 'feedback') {
    const faces: Block[] = FEEDBACK_SCORES.map((score) => ({
      text: '',
      link: { label: `${FEEDBACK_FACES[score]} ${t(`feedback.face${score}`)}`, url: `${payload.feedbackUrl}?score=${score}` },
    }));
    const { text, html } = render(
      [{ text: t(template.body, vars) }, { text: t('mail.feedback.tap') }, ...faces, { text: `—\n${t('mail.footer', vars)}` }],
      lang,
    );
    return { kind: 'send', message: { ...base, subject: t(template.subject, vars), text, html } };
  }

  const blocks: Block[] = [];
  blocks.push({ text: t(template.body, vars) });
  if (row.kind === 'leader-message' && payload.text) blocks.push({ text: String(payload.text) });
  blocks.push({ text: `${t('mail.when')}: ${when}${where ? `\n${t('mail.where')}: ${where}` : ''}` });
  // The typed name is the sender's words, not ours: never the first line or the subject, where
  // a stranger could make our email say anything to the address they typed (issue 10).
  // A repeat's decoy (decision 015) has no sign-up row: its message carries the typed name itself.
  const typedName = signup?.name || (typeof payload.name === 'string' ? payload.name : '');
  const helper = row.kind.startsWith('helper-');
  if (helper) blocks.push({ text: t('mail.helperName', { task: String(payload.task ?? ''), name: typedName }) });
  else if (typedName) blocks.push({ text: t('mail.signedUpAs', { name: typedName }) });
  blocks.push({ text: '', link: { label: title, url: eventUrl } });
  if (payload.manageUrl)
    blocks.push({ text: '', link: { label: helper ? t('mail.helperManage') : t('mail.manage'), url: String(payload.manageUrl) } });
  if (payload.inviteUrl) blocks.push({ text: '', link: { label: t('mail.helperInvite'), url: String(payload.inviteUrl) } });
  const unsubscribe = row.kind === 'reminder' && payload.manageUrl ? `${payload.manageUrl}?reminders=off` : null;
  if (unsubscribe) blocks.push({ text: '', link: { label: t('mail.stopReminders'), url: unsubscribe } });
  const ics = Boolean(template.ics);
  if (ics) blocks.push({ text: t('mail.calendarHint') });
  const footer = row.kind === 'helper-invited' ? 'mail.profileFooter' : helper ? 'mail.helperFooter' : 'mail.footer';
  blocks.push({ text: `—\n${t(footer, vars)}` });

  const { text, html } = render(blocks, lang);
  const message: MailMessage = { ...base, subject: t(template.subject, vars), text, html };
  if (unsubscribe) {
    message.headers = { ...base.headers, 'List-Unsubscribe': `<${unsubscribe}>` };
    // One-click (RFC 8058) needs an https address; a POST there stops the reminders (one-click.ts).
    if (unsubscribe.startsWith('https://')) message.headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (ics) {
    const calendar = buildCalendar({
      name: title,
      timeZone,
      method: 'publish',
      events: [
        {
          id: event.id,
          title,
          description: pick(event.summary, lang).text,
          location: where.replace(/\n/g, ', '),
          url: eventUrl,
          startsAt: event.startsAt,
          endsAt: event.endsAt,
          status: event.status,
          sequence: event.sequence,
          updatedAt: event.updatedAt,
        },
      ],
    });
    message.attachments = [{ filename: 'event.ics', content: calendar, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }];
  }
  return { kind: 'send', message };
}
