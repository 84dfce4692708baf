import type pino from 'pino';
import { safeError } from './classify.ts';

/**
 * The last line of defence: whatever escapes every handler is logged as one JSON line (class
 * and message, never a stack with a query's values). An uncaught exception leaves the process in
 * an unknown state, so it ends with status 1 and the supervisor (deploy/, README) starts it
 * again; a rejected promise nobody awaited is logged and the process goes on.
 */
export function installCrashHandlers(log: pino.Logger): void {
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ origin, error: safeError(error) }, 'crashed: the process ends and its supervisor restarts it');
    log.flush?.();
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.error({ origin: 'unhandledRejection', error: safeError(reason) }, 'unhandled rejection');
  });
}
