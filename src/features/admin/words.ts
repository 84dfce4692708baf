import type { OutboxChannel, OutboxKind, OutboxStatus } from '#db/schema/enums.ts';
import { catalogs } from '#i18n/catalog.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import { languageName } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import type { Translator } from '#i18n/translate.ts';

/*
 * The coordinator's pages say in words what the change log and the outbox store as codes
 * (decision 029): `series.create` reads "Series created", `login-link` "Sign-in link".
 * A code without words (one added later) reads as "Other change", never as the code.
 */
const known = (key: string): key is MessageKey => key in catalogs.fi.messages;

/** The words for one change-log action, e.g. "sign-in.success" → "Signed in". */
export function auditActionText(action: string, t: Translator): string {
  const key = `audit.action.${action}`;
  return known(key) ? t(key) : t('audit.action.other');
}

export function outboxKindText(kind: OutboxKind | string, t: Translator): string {
  const key = `outbox.kind.${kind}`;
  return known(key) ? t(key) : t('audit.action.other');
}

export function outboxStatusText(status: OutboxStatus | string, t: Translator): string {
  const key = `outbox.status.${status}`;
  return known(key) ? t(key) : status;
}

export function outboxChannelText(channel: OutboxChannel | string, t: Translator): string {
  return channel === 'sms' ? t('outbox.channel.sms') : t('outbox.channel.email');
}

/**
 * A change's details in words, the ones a coordinator asks about; the rest stay in `rest`
 * (shown folded away as they are stored).
 */
export function auditDetailsText(
  details: Record<string, unknown>,
  t: Translator,
  lang: Lang,
): { lines: string[]; rest: Record<string, unknown> } {
  const lines: string[] = [];
  const rest: Record<string, unknown> = {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const list = new Intl.ListFormat(catalogs[lang].meta.locale, { type: 'conjunction' });
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'method' && (value === 'link' || value === 'password'))
      lines.push(t(value === 'link' ? 'audit.detail.byLink' : 'audit.detail.byPassword'));
    else if (key === 'proof' && (value === 'link' || value === 'current-password'))
      lines.push(t(value === 'link' ? 'audit.detail.byLink' : 'audit.detail.byPassword'));
    else if (key === 'via' && (value === 'page' || value === 'api'))
      lines.push(t(value === 'api' ? 'audit.detail.viaApi' : 'audit.detail.viaPage'));
    else if (key === 'role' && typeof value === 'string' && known(`admin.roleName.${value}`))
      lines.push(`${t('admin.role')}: ${t(`admin.roleName.${value}` as MessageKey)}`);
    else if (key === 'languages' && Array.isArray(value))
      lines.push(`${t('translations.languagesLabel')}: ${list.format(value.map((l) => languageName(String(l), lang)))}`);
    else if (key === 'language' && typeof value === 'string') lines.push(`${t('manage.msg.language')}: ${languageName(value, lang)}`);
    else if (key === 'groups' && Array.isArray(value)) lines.push(`${t('nav.groups')}: ${list.format(value.map(String))}`);
    else if ((key === 'name' || key === 'slug') && typeof value === 'string') lines.push(value);
    else if (key === 'people' && num(value) !== null) lines.push(t('audit.detail.people', { count: num(value)! }));
    else if (key === 'seats' && num(value) !== null) lines.push(t('audit.detail.people', { count: num(value)! }));
    else if (key === 'came' && num(value) !== null) lines.push(t('audit.detail.parties', { count: num(value)!, of: num(details.of) ?? 0 }));
    else if (key === 'of') continue;
    else if (key === 'rows' && num(value) !== null) lines.push(t('audit.detail.rows', { count: num(value)! }));
    else if (key === 'sessions' && num(value) !== null) lines.push(t('audit.detail.sessions', { count: num(value)! }));
    else if (key === 'notified' && num(value) !== null) lines.push(t('audit.detail.notified', { count: num(value)! }));
    else if (key === 'emailed' && num(value) !== null) lines.push(t('audit.detail.emailed', { count: num(value)! }));
    else if (key === 'texted' && num(value) !== null) lines.push(t('audit.detail.texted', { count: num(value)! }));
    else if (key === 'days' && num(value) !== null) lines.push(t('audit.detail.days', { count: num(value)! }));
    else if (key === 'signups' && num(value) !== null) lines.push(t('audit.detail.signups', { count: num(value)! }));
    else if (key === 'eventId') continue;
    else rest[key] = value;
  }
  return { lines, rest };
}
