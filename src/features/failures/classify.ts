/**
 * Which failures mean "the database is away or overloaded, try again in a moment" (503) rather
 * than a bug (500). drizzle wraps the driver's error, so the real one may sit on a `cause`.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03', // terminated by an administrator, crash shutdown, cannot connect now
  '53300',
  '53400', // too many connections, configuration limit exceeded
  '57014', // statement_timeout
  '55P03', // lock_timeout
  '25P03', // idle_in_transaction_session_timeout
  '40001',
  '40P01', // serialization failure, deadlock: worth a second try
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i, // node-postgres: the server closed the connection
  /timeout exceeded when trying to connect/i,
  /^timeout expired$/i, // node-postgres: a new connection took longer than the connect timeout
  /query read timeout/i,
  /not queryable/i,
  /not currently accepting connections/i,
  /cannot use a pool after calling end/i,
  /pglite is closed/i,
];

function chain(error: unknown): object[] {
  const out: object[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) out.push(e);
  return out;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const errors = chain(error);
  for (const e of errors) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)))
      return true;
    const message = String((e as { message?: unknown }).message ?? '');
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // PGlite's engine is WebAssembly: an abort there is the embedded database failing.
    if (e instanceof WebAssembly.RuntimeError || (e as { name?: unknown }).name === 'ExitStatus') return true;
  }
  // A failed query whose cause is no database error (no SQLSTATE): the answer never came.
  const top = errors[0] as { name?: unknown } | undefined;
  if (top?.name === 'DrizzleQueryError') {
    const cause = errors[1] as { code?: unknown } | undefined;
    if (!cause || typeof cause.code !== 'string' || !/^[0-9A-Z]{5}$/.test(cause.code)) return true;
  }
  return false;
}

export interface SafeError {
  class: string;
  message: string;
  code?: string;
  cause?: SafeError;
}

/**
 * An error as it may be logged: its class, code and message, and nothing else. A failed query
 * carries its SQL parameters (names, emails) in `params` and in its message, and the driver's
 * error its `detail` ("Key (email)=(…)"); none of them leave here. No stack either.
 */
export function safeError(error: unknown, depth = 0): SafeError {
  if (!error || typeof error !== 'object') return { class: typeof error, message: String(error).slice(0, 200) };
  const e = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  // node-postgres names its DatabaseError 'error': the constructor's name says more.
  const name = typeof e.name === 'string' && e.name.toLowerCase() !== 'error' ? e.name : (error.constructor?.name ?? 'Error');
  let message = String(e.message ?? '');
  // drizzle: "Failed query: <sql>\nparams: <values>" — the values go.
  message = message.split(/\r?\nparams:/)[0]!.split('\n')[0]!;
  // PostgreSQL quotes the offending value after a colon ('invalid input syntax for type uuid: "…"').
  message = message.replace(/: "[^"]*"/g, ': "…"').slice(0, 300);
  const out: SafeError = { class: name, message };
  if (typeof e.code === 'string' && e.code.length <= 20) out.code = e.code;
  if (e.cause && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}
