import { z } from 'zod';

// The one place that reads the environment (STYLE.md #8). Everything else imports `config`.
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
    .default('Europe/Helsinki'),
  SEED_DEMO: boolish.default(true),
  // Behind a TLS-terminating reverse proxy: trust its X-Forwarded-For/-Proto/-Host (README).
  TRUST_PROXY: boolish.default(false),
  // How many proxies in front of Tori each add one X-Forwarded-For entry (one nginx: 1).
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Tori <no-reply@localhost>'),
  // inline: the web process also sends mail; off: run `npm run worker` apart.
  MAIL_WORKER: z.enum(['inline', 'off']).default('inline'),
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  // How long a claimed message stays with its worker before another may take it over.
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3_600).default(30),
  // Days after an event ends before its attendees' names, contacts and answers are removed
  // (the counts stay). `npm run cli -- retention run`, and the worker once an hour.
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & { publicUrl: string; secure: boolean };

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
  return { ...c, publicUrl, secure: publicUrl.startsWith('https://') };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
