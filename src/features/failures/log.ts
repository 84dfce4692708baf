import pino from 'pino';
import { safeError } from './classify.ts';

// One JSON-lines logger per process for what the request log does not cover: failures.
// The server and the worker name themselves through TORI_SERVICE before anything logs.
const KEY = Symbol.for('tori.log');
type GlobalWithLog = typeof globalThis & { [KEY]?: pino.Logger };

export function getLog(): pino.Logger {
  const g = globalThis as GlobalWithLog;
  g[KEY] ??= pino({ level: process.env.LOG_LEVEL || 'info', base: { service: process.env.TORI_SERVICE ?? 'tori-web' } });
  return g[KEY];
}

export function setLog(log: pino.Logger): void {
  (globalThis as GlobalWithLog)[KEY] = log;
}

/** Logs a failure as one line: where it happened, the error's class and message, no values. */
export function logFailure(where: Record<string, unknown>, error: unknown, message = 'unexpected error'): void {
  getLog().error({ ...where, error: safeError(error) }, message);
}
