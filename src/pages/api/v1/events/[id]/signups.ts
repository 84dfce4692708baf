import type { APIRoute } from 'astro';
import { getDb } from '#db/client.ts';
import { clientIp } from '#features/http/client-ip.ts';
import { apiError, json, readJsonObject, UUID } from '#features/http/json.ts';
import { HONEYPOT_FIELD } from '#features/signups/form-data.ts';
import { checkSignupRate } from '#features/signups/limits.ts';
import { manageUrl } from '#features/signups/links.ts';
import { createSignup } from '#features/signups/mutations.ts';
import { parseSignupInput, seatsFor } from '#features/signups/parse-input.ts';
import { getSignupRules } from '#features/signups/rules.ts';
import { newToken } from '#lib/tokens.ts';
import { getConfig } from '#config';
import { formatDate, formatTime } from '#i18n/format.ts';
import { isLang, negotiateLang } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';

/** The one shape of a sign-up's answer, so a repeat (decision 015) cannot differ from a new one. */
function created(status: 'confirmed' | 'waitlisted', language: string, token: string, position: number | null) {
  const url = manageUrl(language, token);
  return json(201, status === 'waitlisted' ? { status, position: position ?? 0, manageUrl: url } : { status, manageUrl: url });
}

export const POST: APIRoute = async ({ params, request, clientAddress }) => {
  const db = await getDb();
  const read = await readJsonObject(request);
  if (!read.ok) return read.response;
  const body = read.body;
  const lang = isLang(body.language) ? body.language : negotiateLang(request.headers.get('accept-language'));
  const t = translator(lang);
  const rules = UUID.test(params.id ?? '') ? await getSignupRules(db, params.id!) : null;
  if (!rules) return apiError(404, 'not-found', 'No such event.');

  // The form's rules: a filled honeypot looks like success and stores nothing; consent is required.
  if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD].trim() !== '') return created('confirmed', lang, newToken(), null);
  const parsed = parseSignupInput(body, rules, { defaultLanguage: lang, requireConsent: true });
  if (!parsed.ok) {
    const errors = Object.fromEntries(Object.entries(parsed.errors).map(([field, e]) => [field, t(e.key, e.vars)]));
    return apiError(422, 'validation', 'Some fields are not valid.', { errors });
  }
  const seats = seatsFor(parsed.value, rules.freeChildAge);
  const rate = await checkSignupRate(db, clientIp(request, clientAddress), parsed.value, {
    eventId: params.id!,
    seats,
    maxPartySize: rules.maxPartySize,
  });
  if (!rate.allowed) {
    return apiError(429, 'rate-limited', t('signup.error.rateLimited'), {}, { 'Retry-After': String(rate.retryAfterSeconds) });
  }

  const outcome = await createSignup(db, params.id!, parsed.value);
  switch (outcome.kind) {
    case 'confirmed':
      return created('confirmed', parsed.value.language, outcome.token, null);
    case 'waitlisted':
      return created('waitlisted', parsed.value.language, outcome.token, outcome.position);
    case 'repeat':
      return created(outcome.status, parsed.value.language, outcome.token, outcome.position);
    case 'not-found':
      return apiError(404, 'not-found', 'No such event.');
    case 'party-too-big':
      return apiError(422, 'validation', 'Some fields are not valid.', {
        errors: { adults: t('signup.error.partyTooBig', { max: outcome.max }) },
      });
    case 'full':
      return apiError(409, 'full', t('signup.fullNoWaitlist'));
    case 'event-cancelled':
      return apiError(409, 'event-cancelled', t('event.cancelledNote'));
    case 'no-signup':
      return apiError(409, 'no-signup', t('mode.dropin'));
    case 'not-open':
      return apiError(
        409,
        'not-open',
        t('signup.notOpen', {
          date: `${formatDate(outcome.opensAt, lang, getConfig().TZ_HUB)} ${formatTime(outcome.opensAt, lang, getConfig().TZ_HUB)}`,
        }),
        { opensAt: outcome.opensAt.toISOString() },
      );
    case 'closed':
      return apiError(409, 'closed', t('signup.closed'));
  }
};
