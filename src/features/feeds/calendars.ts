import { eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { hubs } from '#db/schema/hubs.ts';
import { getEventBySlug } from '#features/events/detail.ts';
import { startOfHubDay } from '#features/events/hub-days.ts';
import { parseFilters } from '#features/events/parse-filters.ts';
import type { Hub } from '#features/hubs/queries.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';
import { describeEvent } from './describe.ts';
import { buildCalendar } from './ical.ts';
import { markFeedTokenUsed } from './mutations.ts';
import { feedFilters, feedTokenOwner, privateFeedRows, publicFeedLastModified, publicFeedRows } from './queries.ts';
import { FEED_REFRESH_SECONDS, feedLang } from './schema.ts';

export interface Calendar {
  body: string;
  /** Absent where the data behind the feed has no single change time (seat counts). */
  lastModified?: Date;
}

/** `/calendar.ics`: the public programme with the listing's filters (bad ones dropped, as there). */
export async function publicCalendar(
  db: Db,
  hub: Hub,
  params: URLSearchParams,
  options: { now: Date; publicUrl: string },
): Promise<Calendar> {
  const lang = feedLang(params.get('lang'));
  const t = translator(lang);
  const { filters } = parseFilters(params);
  const rows = await publicFeedRows(db, hub.id, filters, options.now, hub.timezone);
  const windowStart = startOfHubDay(feedFilters(filters, options.now, hub.timezone).from!, hub.timezone);
  const body = buildCalendar({
    name: `${hub.name}: ${t('feeds.programme')}`,
    timeZone: hub.timezone,
    refreshSeconds: FEED_REFRESH_SECONDS,
    events: rows.map((row) => describeEvent(row, { lang, url: `${options.publicUrl}/${lang}/events/${row.event.slug}` })),
  });
  return { body, lastModified: await publicFeedLastModified(db, hub.id, windowStart, options.now) };
}

/** One published event as a file to add to a calendar. */
export async function eventCalendar(db: Db, hub: Hub, slug: string, options: { lang: Lang; publicUrl: string }): Promise<Calendar | null> {
  const found = await getEventBySlug(db, hub.id, slug);
  if (!found) return null;
  const entry = describeEvent(found, { lang: options.lang, url: `${options.publicUrl}/${options.lang}/events/${found.event.slug}` });
  return {
    body: buildCalendar({ name: pick(found.event.title, options.lang).text, timeZone: hub.timezone, method: 'publish', events: [entry] }),
    lastModified: found.event.updatedAt,
  };
}

/**
 * `/feeds/{token}.ics`: a leader's groups (a coordinator's whole hub) with seat counts, in the
 * person's own language. Null for every token that does not work, whatever the reason.
 */
export async function privateCalendar(db: Db, token: string, options: { now: Date; publicUrl: string }): Promise<Calendar | null> {
  const owner = await feedTokenOwner(db, token);
  if (!owner) return null;
  const [hub] = await db.select().from(hubs).where(eq(hubs.id, owner.user.hubId));
  if (!hub) return null;
  const lang = isLang(owner.user.language) ? owner.user.language : 'fi';
  const t = translator(lang);
  const rows = await privateFeedRows(
    db,
    { userId: owner.user.id, role: owner.user.role, hubId: owner.user.hubId },
    options.now,
    hub.timezone,
  );
  await markFeedTokenUsed(db, owner.tokenId, options.now);
  return {
    body: buildCalendar({
      name: `${hub.name}: ${t('manage.title')}`,
      timeZone: hub.timezone,
      refreshSeconds: FEED_REFRESH_SECONDS,
      events: rows.map((row) =>
        describeEvent(row, { lang, url: `${options.publicUrl}/${lang}/manage/events/${row.event.id}`, seats: true }),
      ),
    }),
  };
}
