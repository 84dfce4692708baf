// Operator tasks: `npm run cli -- <command>`. Exits 0 on success, 1 with one clear line otherwise.
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { ConfigError, getConfig } from './config.ts';
import { openDatabase, type Db, type DbHandle } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { roles, users, type Role } from './db/schema/users.ts';
import { createApiToken } from './features/auth/api-tokens.ts';
import { recordChange } from './features/audit/mutations.ts';
import { seedIfEmpty } from './features/demo/mutations.ts';
import { getCurrentHub } from './features/hubs/queries.ts';
import { normalizeEmail } from './lib/contact.ts';
import { addUser } from './features/users/mutations.ts';
import { smsDir } from './features/mail/sms-transport.ts';
import { emlDir } from './features/mail/transport.ts';
import { runRetention } from './features/privacy/retention.ts';
import { describeBroken, findBrokenCounters } from './features/seats/check.ts';
import { SYSTEM } from './features/auth/policy.ts';
import { isLang, uiLanguages, type Lang } from './i18n/languages.ts';

const USAGE = `Usage:
  npm run cli -- user add --email E --role admin|leader|partner|translator [--group SLUG]... [--languages ar,fa] [--name NAME]
  npm run cli -- token create --email E [--name NAME]
  npm run cli -- retention run [--days N]      (default: RETENTION_DAYS, 90)
  npm run cli -- check                         (seat and waiting counters match the sign-ups)`;

class CliError extends Error {}

async function userAdd(handle: DbHandle, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      group: { type: 'string', multiple: true },
      languages: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (!values.email) throw new CliError('--email is required');
  if (!roles.includes(values.role as Role)) throw new CliError(`--role must be one of ${roles.join(', ')}`);
  const languages =
    values.languages === undefined
      ? undefined
      : values.languages
          .split(',')
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean);
  const unknown = languages?.find((l) => !isLang(l));
  if (unknown !== undefined) throw new CliError(`--languages takes codes from ${uiLanguages.join(', ')}; not "${unknown}"`);
  const hub = await getCurrentHub(handle.db);
  if (!hub) throw new CliError('the database has no hub yet: start the server once');
  const outcome = await addUser(handle.db, SYSTEM, {
    hubId: hub.id,
    email: values.email,
    role: values.role as Role,
    name: values.name,
    groupSlugs: values.group,
    languages: languages as Lang[] | undefined,
  });
  if (outcome.kind === 'invalid-email') throw new CliError(`not an email address: ${values.email}`);
  if (outcome.kind === 'unknown-group') throw new CliError(`no group with the slug "${outcome.slug}"`);
  console.log(`${outcome.kind === 'added' ? 'Added' : 'Updated'} ${values.role} ${normalizeEmail(values.email)}`);
}

async function tokenCreate(handle: DbHandle, args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = values.email ? normalizeEmail(values.email) : null;
  if (!email) throw new CliError('--email with a valid address is required');
  // Addresses are unique per hub: the one the site shows, as for "user add" (decision 018).
  const hub = await getCurrentHub(handle.db);
  if (!hub) throw new CliError('the database has no hub yet: start the server once');
  const [user] = await handle.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.hubId, hub.id), eq(users.email, email)));
  if (!user) throw new CliError(`no user ${email}: add one with "user add" first`);
  // Minted from the server's shell: nobody signed in, but the change log still shows it.
  const token = await handle.db.transaction(async (tx) => {
    const minted = await createApiToken(tx as Db, user.id, values.name ?? 'cli');
    await recordChange(tx as Db, {
      userId: null,
      action: 'token.create',
      entity: 'user',
      entityId: user.id,
      details: { name: values.name ?? 'cli', via: 'cli' },
    });
    return minted;
  });
  console.error('API token created. It is shown only now; store it safely:');
  console.log(token);
}

async function retentionRun(handle: DbHandle, args: string[]) {
  const { values } = parseArgs({ args, options: { days: { type: 'string' } } });
  const config = getConfig();
  const days = values.days === undefined ? config.RETENTION_DAYS : /^\d{1,4}$/.test(values.days) ? Number(values.days) : NaN;
  if (!(days >= 1 && days <= 3_650)) throw new CliError('--days must be a whole number of days from 1 to 3650');
  const done = await runRetention(handle.db, { now: new Date(), days, outboxDir: [emlDir(config), smsDir(config)] });
  console.log(
    `Removed the personal data of ${done.signups} sign-up(s) of events that ended before ${done.cutoff.toISOString()}; deleted ${done.emails} old email(s) from the outbox and ${done.files} email file(s).`,
  );
}

/** Exits 1 with one line per event whose seat or waiting counter disagrees with its sign-ups. */
async function check(handle: DbHandle) {
  const broken = await findBrokenCounters(handle.db);
  for (const b of broken) console.log(describeBroken(b));
  if (broken.length) throw new CliError(`${broken.length} event(s) with wrong seat counters`);
  console.error('Seat and waiting counters match the sign-ups.');
}

async function main(argv: string[]) {
  const [noun, verb, ...rest] = argv;
  const command = `${noun ?? ''} ${verb ?? ''}`.trim();
  const commands: Record<string, (handle: DbHandle, args: string[]) => Promise<void>> = {
    'user add': userAdd,
    'token create': tokenCreate,
    'retention run': retentionRun,
    check,
  };
  const run = commands[command] ?? null;
  if (!run) throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  const config = getConfig();
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pgdata`, maxConnections: 1 });
  try {
    await runMigrations(handle);
    await seedIfEmpty(handle, { demo: config.SEED_DEMO, timeZone: config.TZ_HUB, now: new Date() });
    await run(handle, rest);
  } finally {
    await handle.close();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const known =
    error instanceof CliError ||
    error instanceof ConfigError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  process.stderr.write(`${known ? error.message : `Failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`}\n`);
  process.exit(1);
}
