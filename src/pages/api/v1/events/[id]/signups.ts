import type { APIRoute } from 'astro';
import { getDb } from '../../../../../db/client.ts';
import { clientIp } from '../../../../../features/http/client-ip.ts';
import { apiError, json, readJsonObject, UUID } from '../../../../../features/http/json.ts';
import { checkSignupRate } from '../../../../../features/signups/limits.ts';
import { manageUrl } from '../../../../../features/signups/links.ts';
import { createSignup } from '../../../../../features/signups/mutations.ts';
import { parseSignupInput } from '../../../../../features/signups/parse-input.ts';
import { getSignupRules } from '../../../../../features/signups/rules.ts';
import { getConfig } from '../../../../../config.ts';
import { formatDate, formatTime } from '../../../../../i18n/format.ts';
import { isLang, negotiateLang } from '../../../../../i18n/languages.ts';
import { translator } from '../../../../../i18n/translate.ts';

export const POST: APIRoute = async ({ params, request, clientAddress }) => {
  const db = await getDb();
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const body = read.body;
  const lang = isLang(body.language) ? body.language : negotiateLang(request.headers.get('accept-language'));
  const t = translator(lang);
  const rules = UUID.test(params.id ?? '') ? await getSignupRules(db, params.id!) : null;
  if (!rules) return apiError(404, 'not-found', 'No such event.');

  const parsed = parseSignupInput(body, rules, { defaultLanguage: lang, requireConsent: false });
  if (!parsed.ok) {
    const errors = Object.fromEntries(Object.entries(parsed.errors).map(([field, e]) => [field, t(e.key, e.vars)]));
    return apiError(422, 'validation', 'Some fields are not valid.', { errors });
  }
  const rate = await checkSignupRate(db, clientIp(request, clientAddress), parsed.value);
  if (!rate.allowed) {
    return apiError(429, 'rate-limited', t('signup.error.rateLimited'), {}, { 'Retry-After': String(rate.retryAfterSeconds) });
  }

  const outcome = await createSignup(db, params.id!, parsed.value);
  switch (outcome.kind) {
    case 'confirmed':
      return json(201, { status: 'confirmed', manageUrl: manageUrl(parsed.value.language, outcome.token) });
    case 'waitlisted':
      return json(201, { status: 'waitlisted', position: outcome.position, manageUrl: manageUrl(parsed.value.language, outcome.token) });
    case 'existing':
      return json(200, { status: outcome.status });
    case 'not-found':
      return apiError(404, 'not-found', 'No such event.');
    case 'party-too-big':
      return apiError(422, 'validation', 'Some fields are not valid.', { errors: { adults: t('signup.error.partyTooBig', { max: outcome.max }) } });
    case 'full':
      return apiError(409, 'full', t('signup.fullNoWaitlist'));
    case 'event-cancelled':
      return apiError(409, 'event-cancelled', t('event.cancelledNote'));
    case 'no-signup':
      return apiError(409, 'no-signup', t('mode.dropin'));
    case 'not-open':
      return apiError(409, 'not-open', t('signup.notOpen', { date: `${formatDate(outcome.opensAt, lang, getConfig().TZ_HUB)} ${formatTime(outcome.opensAt, lang, getConfig().TZ_HUB)}` }), { opensAt: outcome.opensAt.toISOString() });
    case 'closed':
      return apiError(409, 'closed', t('signup.closed'));
  }
};
