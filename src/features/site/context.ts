import { getDb } from '#db/client.ts';
import { translator } from '#i18n/translate.ts';
import type { Lang } from '#i18n/languages.ts';
import { getCurrentHub } from '#features/hubs/queries.ts';

/** What every public page needs: the database, the hub, the language and "now". */
export async function siteContext(lang: Lang) {
  const db = await getDb();
  const hub = await getCurrentHub(db);
  // start-up always creates a hub; its absence is a broken installation, not a visitor's error.
  if (!hub) throw new Error('No hub in the database');
  return { db, hub, lang, t: translator(lang), timeZone: hub.timezone, now: new Date() };
}

export type SiteContext = Awaited<ReturnType<typeof siteContext>>;
