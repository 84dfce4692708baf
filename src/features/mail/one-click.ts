import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '#db/client.ts';
import { uiLanguages } from '#i18n/languages.ts';
import { stopReminders } from '#features/signups/mutations.ts';
import { getSignupByToken } from '#features/signups/queries.ts';

// A reminder's List-Unsubscribe address: the manage page asking whether to stop reminders.
const UNSUBSCRIBE_URL = new RegExp(`^/(?:${uiLanguages.join('|')})/signup/([A-Za-z0-9_-]{16,100})\\?reminders=off$`);
// The body is `List-Unsubscribe=One-Click`; anything much longer is not a mail provider's POST.
const BODY_LIMIT = 2048;

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` to the
 * address in List-Unsubscribe, with no cookie and no Origin. Astro's checkOrigin refuses every
 * form POST without a same-origin Origin, so this one request is answered before Astro. The
 * secret token in the address is the only credential, as on the manage page itself, so a
 * forged cross-site POST gains nothing. Returns the sign-up token, or null for any other request.
 */
export function oneClickToken(method: string | undefined, url: string | undefined): string | null {
  if (method !== 'POST' || !url) return null;
  return UNSUBSCRIBE_URL.exec(url)?.[1] ?? null;
}

/** Stops the reminders of the sign-up behind the token, as the manage page's button does. */
export async function unsubscribeByToken(db: Db, token: string): Promise<'stopped' | 'unknown'> {
  const signup = await getSignupByToken(db, token);
  if (!signup) return 'unknown';
  await stopReminders(db, signup.id);
  return 'stopped';
}

async function isOneClickBody(req: IncomingMessage): Promise<boolean> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return false;
    chunks.push(chunk);
  }
  // Request parses both encodings RFC 8058 allows (urlencoded and multipart/form-data).
  const form = await new Request('http://localhost/', {
    method: 'POST',
    headers: { 'Content-Type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
    body: Buffer.concat(chunks),
  })
    .formData()
    .catch(() => null);
  return form?.get('List-Unsubscribe') === 'One-Click';
}

/** Answers the one-click POST in plain text: mail providers read only the status. */
export async function answerOneClick(db: Db, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${text}\n`);
  };
  try {
    if (!(await isOneClickBody(req))) return reply(400, 'Expected List-Unsubscribe=One-Click');
    const outcome = await unsubscribeByToken(db, token);
    return outcome === 'stopped' ? reply(200, 'Reminders stopped') : reply(404, 'Unknown link');
  } catch {
    return reply(503, 'Try again later');
  }
}
