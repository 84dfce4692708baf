import type { DbHandle } from '#db/client.ts';
import type { PageCache } from './store.ts';

/** The channel the content tables' triggers notify on (migration `cache_changes`). */
export const CHANGES_CHANNEL = 'tori_changes';

// How often the listening connection is asked whether it still answers, and how long to wait
// before listening again after it broke: the cache stays off in between.
const PING_MS = 5_000;
const RETRY_MS = 1_000;

interface Log {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

/**
 * Keeps the page cache in step with the database, whoever changed it (this process, another web
 * instance, the worker, psql): every committed change to content notifies, and each instance
 * forgets what it rendered. While the listening connection is down the cache is off, so a page
 * is never older than the last notification this instance could have missed.
 */
export function followChanges(handle: Pick<DbHandle, 'listen'>, cache: PageCache, log: Log): { stop(): Promise<void> } {
  let stopped = false;
  let current: { close(): Promise<void> } | null = null;
  let wake: () => void = () => {};
  const run = async () => {
    while (!stopped) {
      try {
        const listening = await handle.listen(CHANGES_CHANNEL, () => cache.changed());
        current = listening;
        if (stopped) break;
        cache.setLive(true);
        let alive = true;
        const pinging = (async () => {
          while (!stopped && alive) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, PING_MS);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            if (stopped || !alive) return;
            await listening.ping();
          }
        })();
        try {
          await Promise.race([listening.lost, pinging]);
        } finally {
          alive = false;
          wake();
          pinging.catch(() => undefined);
        }
      } catch {
        // Logged below without the error's text: it may carry a connection string.
      }
      cache.setLive(false);
      await current?.close();
      current = null;
      if (stopped) break;
      log.warn({ job: 'page-cache' }, 'change notifications lost; pages are rendered afresh until they are back');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      wake();
      cache.setLive(false);
      await current?.close();
      await running;
    },
  };
}
