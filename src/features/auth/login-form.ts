import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { MessageKey } from '../../i18n/catalog-type.ts';
import type { Lang } from '../../i18n/languages.ts';
import { hitRateLimit } from '../rate-limit/mutations.ts';
import { normalizeEmail } from '../signups/contact.ts';
import { readForm } from '../signups/form-data.ts';
import { requestLoginLink } from './login-links.ts';
import { verifyPasswordLogin } from './passwords.ts';
import { createSession } from './session.ts';

// Enough for a busy hub laptop; too few for guessing passwords.
const LOGINS_PER_ADDRESS = { limit: 30, windowSeconds: 600 };
const LOGINS_PER_EMAIL = { limit: 6, windowSeconds: 900 };
// Long passwords are fine; megabytes are not (argon2 would have to read them).
const PASSWORD_MAX = 256;

export type LoginResult =
  | { kind: 'signed-in'; token: string }
  | { kind: 'show'; status: number; email: string; message: MessageKey; tone: 'info' | 'error' };

const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/** The login form: a password signs in at once; without one a link is emailed. Same answer either way. */
export async function submitLoginForm(db: Db, args: { hubId: string; request: Request; ip: string; lang: Lang }): Promise<LoginResult> {
  const form = await readForm(args.request);
  const rawEmail = typeof form?.get('email') === 'string' ? String(form!.get('email')) : '';
  const password = typeof form?.get('password') === 'string' ? String(form!.get('password')) : '';
  const email = normalizeEmail(rawEmail);
  if (!email) return { kind: 'show', status: 422, email: rawEmail.slice(0, 254), message: 'signup.error.emailInvalid', tone: 'error' };
  const limits = await Promise.all([
    hitRateLimit(db, `login:ip:${hashed(args.ip)}`, LOGINS_PER_ADDRESS),
    hitRateLimit(db, `login:email:${hashed(email)}`, LOGINS_PER_EMAIL),
  ]);
  if (limits.some((l) => !l.allowed)) return { kind: 'show', status: 429, email, message: 'login.rateLimited', tone: 'error' };
  if (password) {
    const userId = password.length <= PASSWORD_MAX ? await verifyPasswordLogin(db, args.hubId, email, password) : null;
    if (!userId) return { kind: 'show', status: 401, email, message: 'login.failed', tone: 'error' };
    return { kind: 'signed-in', token: (await createSession(db, userId)).token };
  }
  await requestLoginLink(db, args.hubId, email, args.lang);
  return { kind: 'show', status: 200, email, message: 'login.linkSent', tone: 'info' };
}
