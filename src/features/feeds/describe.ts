import { formatList, formatMoney, languageName } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';
import type { FeedRow } from './queries.ts';
import type { IcalEvent } from './ical.ts';
import { addressLine } from '#features/places/address.ts';

/** Place name and address on one line, as calendar programs show LOCATION. */
export function locationText(place: FeedRow['place'], lang: Lang): string {
  if (!place) return '';
  return [pick(place.name, lang).text, addressLine(place)].filter(Boolean).join(', ');
}

/**
 * One event as a calendar entry in one language (missing texts fall back along the visitor's chain,
 * like the pages: decision 022). `seats` adds the seat and waiting-list counts for the leaders' private feeds.
 */
export function describeEvent(row: FeedRow, options: { lang: Lang; url: string; seats?: boolean }): IcalEvent {
  const { event } = row;
  const { lang } = options;
  const t = translator(lang);
  const title = pick(event.title, lang).text;
  const cost = event.costCents ? t('event.costOnSpot', { amount: formatMoney(event.costCents, lang) }) : t('event.free');
  const lines = [
    pick(event.summary, lang).text,
    pick(event.whatToBring, lang).text && `${t('event.bring')}: ${pick(event.whatToBring, lang).text}`,
    `${t('event.cost')}: ${[cost, pick(event.costNote, lang).text].filter(Boolean).join('. ')}`,
    event.spokenLanguages.length > 0 &&
      `${t('event.spoken')}: ${formatList(
        event.spokenLanguages.map((code) => languageName(code, lang)),
        lang,
      )}`,
    event.interpreter && t('event.interpreter'),
    options.seats &&
      event.capacity !== null &&
      t('manage.seats', { taken: event.seatsTaken, capacity: event.capacity, waiting: event.waitingCount }),
  ];
  return {
    id: event.id,
    // Many calendar programs ignore STATUS:CANCELLED; the title says it too.
    title: event.status === 'cancelled' ? `${t('event.cancelled')}: ${title}` : title,
    description: lines.filter(Boolean).join('\n\n'),
    location: locationText(row.place, lang),
    url: options.url,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    status: event.status,
    sequence: event.sequence,
    updatedAt: event.updatedAt,
  };
}
