import { createHash } from 'node:crypto';
import type { Db } from '#db/client.ts';
import type { MessageKey } from '#i18n/catalog-type.ts';
import type { Lang } from '#i18n/languages.ts';
import { countRateLimit, hitRateLimit } from '#features/rate-limit/mutations.ts';
import { normalizeEmail } from '#lib/contact.ts';
import { requestLoginLink } from './login-links.ts';
import { checkPassword, PASSWORD_MAX } from './passwords.ts';
import { createSession } from './session.ts';
import { recordSignIn } from './sign-in-audit.ts';
import { formString } from '#lib/forms.ts';

/*
 * Who may try a password (decision 016, "sign-in without lock-out"). Counters live in the
 * rate-limit table, keyed by hashes (never an address or an email in clear):
 * - every submit from an address counts (ADDRESS): a sprayer is stopped there;
 * - a wrong password counts for the account from that address (PAIR) and for the account from
 *   anywhere (ACCOUNT);
 * - PAIR full: that address is refused for that account; other addresses are not affected;
 * - ACCOUNT full: the account is under attack; an address that already got a password wrong
 *   for it is refused, an address with no failures still gets its try, so the owner with the
 *   right password is always let in, and an attacker gets one guess per fresh address;
 * - sign-in link requests count on their own, never against passwords, and the same way: per
 *   (account, address) pair (LINK_PAIR), and per account (LINK_ACCOUNT) only against addresses
 *   that already asked, so nobody can keep an account's owner from getting a link.
 */
const ADDRESS = { limit: 30, windowSeconds: 600 };
const PAIR = { limit: 5, windowSeconds: 900 };
const ACCOUNT = { limit: 20, windowSeconds: 900 };
const LINK_PAIR = { limit: 5, windowSeconds: 900 };
const LINK_ACCOUNT = { limit: 20, windowSeconds: 900 };

export type LoginResult =
  | { kind: 'signed-in'; token: string }
  | { kind: 'show'; status: number; email: string; message: MessageKey; tone: 'info' | 'error' };

const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/** The login form: a password signs in at once; without one a link is emailed. Same answer either way. */
export async function submitLoginForm(
  db: Db,
  args: { hubId: string; form: FormData | null; ip: string; lang: Lang; now?: Date },
): Promise<LoginResult> {
  const rawEmail = formString(args.form, 'email');
  const password = formString(args.form, 'password');
  const email = normalizeEmail(rawEmail);
  if (!email) return { kind: 'show', status: 422, email: rawEmail.slice(0, 254), message: 'signup.error.emailInvalid', tone: 'error' };
  const now = args.now ?? new Date();
  const refuse = (message: MessageKey): LoginResult => ({ kind: 'show', status: 429, email, message, tone: 'error' });
  if (!(await hitRateLimit(db, `login:ip:${hashed(args.ip)}`, ADDRESS, now)).allowed) return refuse('login.rateLimited');

  if (!password) {
    const linkPair = `login:link:${hashed(`${email} ${args.ip}`)}`;
    const linkAccount = `login:link:${hashed(email)}`;
    const [pairRequests, accountRequests] = await Promise.all([
      countRateLimit(db, linkPair, LINK_PAIR, now),
      countRateLimit(db, linkAccount, LINK_ACCOUNT, now),
    ]);
    if (pairRequests >= LINK_PAIR.limit || (accountRequests >= LINK_ACCOUNT.limit && pairRequests > 0)) return refuse('login.rateLimited');
    await Promise.all([hitRateLimit(db, linkPair, LINK_PAIR, now), hitRateLimit(db, linkAccount, LINK_ACCOUNT, now)]);
    await requestLoginLink(db, args.hubId, email, args.lang, now);
    return { kind: 'show', status: 200, email, message: 'login.linkSent', tone: 'info' };
  }

  const pairKey = `login:fail:${hashed(`${email} ${args.ip}`)}`;
  const accountKey = `login:fail:${hashed(email)}`;
  const [pairFailures, accountFailures] = await Promise.all([
    countRateLimit(db, pairKey, PAIR, now),
    countRateLimit(db, accountKey, ACCOUNT, now),
  ]);
  const refused = pairFailures >= PAIR.limit || (accountFailures >= ACCOUNT.limit && pairFailures > 0);
  const checked = await checkPassword(db, args.hubId, email, [...password].length <= PASSWORD_MAX ? password : null, { skip: refused });
  if (refused) {
    await recordSignIn(db, { hubId: args.hubId, userId: checked.userId, method: 'password', outcome: 'refused' });
    return refuse('login.lockedOut');
  }
  if (!checked.ok) {
    await Promise.all([hitRateLimit(db, pairKey, PAIR, now), hitRateLimit(db, accountKey, ACCOUNT, now)]);
    await recordSignIn(db, { hubId: args.hubId, userId: checked.userId, method: 'password', outcome: 'failure' });
    return { kind: 'show', status: 401, email, message: 'login.failed', tone: 'error' };
  }
  const session = await createSession(db, checked.userId, now);
  await recordSignIn(db, { hubId: args.hubId, userId: checked.userId, method: 'password', outcome: 'success' });
  return { kind: 'signed-in', token: session.token };
}
