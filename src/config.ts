import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_CONTENT_FALLBACK, type FallbackChains, parseContentFallback } from '#i18n/fallback.ts';

// The one place that reads the environment (STYLE.md #8). Everything else imports `config`.
const boolish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

// A new hub's zone unless TZ_HUB says otherwise; the only place this zone is named.
export const DEFAULT_HUB_TIMEZONE = 'Europe/Helsinki';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TZ_HUB: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'is not a known IANA time zone')
    .default(DEFAULT_HUB_TIMEZONE),
  SEED_DEMO: boolish.default(true),
  // Behind a TLS-terminating reverse proxy: trust its X-Forwarded-For/-Proto/-Host (README).
  TRUST_PROXY: boolish.default(false),
  // How many proxies in front of Tori each add one X-Forwarded-For entry (one nginx: 1).
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Tori <no-reply@localhost>'),
  // Text messages through an SMPP 3.4 gateway; unset = written as .txt files (decision 021).
  SMS_URL: z
    .string()
    .regex(/^smpp:\/\/[^:@/\s]+:[^@/\s]*@[^:/@\s]+(:\d{1,5})?\/?$/, 'must look like smpp://user:password@host:2775')
    .optional(),
  // The sender a phone shows: up to 11 letters and digits, or an international number.
  SMS_FROM: z
    .string()
    .regex(/^([A-Za-z0-9]{1,11}|\+?\d{3,15})$/, 'must be up to 11 letters and digits, or a phone number')
    .default('Tori'),
  // inline: the web process also sends mail; off: run `npm run worker` apart.
  MAIL_WORKER: z.enum(['inline', 'off']).default('inline'),
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  // How long a claimed message stays with its worker before another may take it over.
  // Messages a worker sends at once (the SMTP pool keeps 3 connections).
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(3),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  // With these two the retries of one message span 32 h (at least 25.8 h): a day's SMTP
  // outage loses nothing (the schedule is in features/mail/worker.ts, decision 008).
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(17),
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3_600).default(30),
  // DKIM signing of every email: all three, or none (then the mail server may sign instead).
  DKIM_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name such as tori.example.fi')
    .optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9._-]{0,62})$/i, 'must be a DNS label such as tori2026')
    .optional(),
  // PEM text; "\n" stands for a line break, as one-line environment files need.
  DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  // Days after an event ends before its attendees' names, contacts and answers are removed
  // (the counts stay). `npm run cli -- retention run`, and the worker once an hour.
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  // Limits on every database call (PostgreSQL), so that a database that is away or stuck turns
  // into a quick 503 rather than a request that hangs. Milliseconds; 0 turns a limit off.
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(4_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // How long a request may queue for a free connection when all are busy (a burst of sign-ups).
  DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  // Seconds a visitor is asked to wait (Retry-After) when the database is away.
  RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(5),
  // Languages a text written by people falls back to when the visitor's is missing, per visitor
  // language: `*=en,fi;sv=fi,en` (decision 022). Never a language outside the chain, except the
  // text's own when nothing in the chain exists.
  CONTENT_FALLBACK: z.string().default(DEFAULT_CONTENT_FALLBACK),
  // Public pages, feeds and API reads kept as rendered bytes (docs/decisions/026): for at most
  // this many seconds (0 = off), in at most this many megabytes per web process. Any change to
  // the content forgets them at once, on every instance.
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
  PAGE_CACHE_MB: z.coerce.number().int().min(1).max(4_096).default(32),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

/** What nodemailer's `dkim` option takes. */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export type Config = z.infer<typeof schema> & {
  publicUrl: string;
  secure: boolean;
  dkim: DkimKey | null;
  contentFallback: FallbackChains;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const c = result.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  const contentFallback = parseContentFallback(c.CONTENT_FALLBACK);
  if (typeof contentFallback === 'string') throw new ConfigError(`Invalid configuration: CONTENT_FALLBACK ${contentFallback}`);
  return { ...c, publicUrl, secure: publicUrl.startsWith('https://'), dkim: dkimKey(c), contentFallback };
}

function dkimKey(c: z.infer<typeof schema>): DkimKey | null {
  const given = { DKIM_DOMAIN: c.DKIM_DOMAIN, DKIM_SELECTOR: c.DKIM_SELECTOR, DKIM_PRIVATE_KEY: c.DKIM_PRIVATE_KEY };
  const missing = Object.entries(given)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length === 3) return null;
  if (missing.length > 0)
    throw new ConfigError(
      `Invalid configuration: ${missing.join(' and ')} missing (DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together)`,
    );
  const privateKey = c.DKIM_PRIVATE_KEY!.replace(/\\n/g, '\n').trim();
  let type: string | undefined;
  try {
    type = createPrivateKey(privateKey).asymmetricKeyType;
  } catch {
    throw new ConfigError('Invalid configuration: DKIM_PRIVATE_KEY is not a readable PEM private key');
  }
  if (type !== 'rsa') throw new ConfigError(`Invalid configuration: DKIM_PRIVATE_KEY must be an RSA key (this one is ${type})`);
  return { domainName: c.DKIM_DOMAIN!.toLowerCase(), keySelector: c.DKIM_SELECTOR!, privateKey };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
