import type { Lang } from '#i18n/languages.ts';
import type { EventFilters } from '#features/events/schema.ts';
import { escapeHtml } from '#lib/html.ts';

// Enough to fill a sidebar box on a partner's page; more belongs on our own listing.
export const EMBED_DEFAULT_COUNT = 5;
export const EMBED_MAX_COUNT = 20;
// The frame's starting height in the snippet: about five events on a phone.
const EMBED_HEIGHT = 480;

/** The filters as query parameters, in the listing's order; `page` means nothing to a feed. */
export function filterQuery(filters: EventFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && name !== 'page') params.set(name, String(value));
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

export interface SubscribeLinks {
  feed: string;
  webcal: string;
  api: string;
  embed: string;
  snippet: string;
}

/** Everything the feed builder offers for one choice of filters and language. */
export function subscribeLinks(
  publicUrl: string,
  filters: EventFilters,
  options: { feedLang: Lang; count: number; frameTitle: string },
): SubscribeLinks {
  const feed = `${publicUrl}/calendar.ics?${filterQuery(filters, { lang: options.feedLang })}`;
  const apiQuery = filterQuery(filters).toString();
  const embedQuery = filterQuery(filters, options.count === EMBED_DEFAULT_COUNT ? {} : { limit: String(options.count) }).toString();
  const embed = `${publicUrl}/${options.feedLang}/embed${embedQuery ? `?${embedQuery}` : ''}`;
  return {
    feed,
    // webcal:// asks the calendar app to subscribe rather than download once.
    webcal: feed.replace(/^https?:\/\//, 'webcal://'),
    api: `${publicUrl}/api/v1/events${apiQuery ? `?${apiQuery}` : ''}`,
    embed,
    snippet: `<iframe src="${escapeHtml(embed)}" title="${escapeHtml(options.frameTitle)}" width="100%" height="${EMBED_HEIGHT}" loading="lazy"></iframe>`,
  };
}

/** How many events the embedded listing shows; null when the value is not a usable number. */
export function parseEmbedCount(text: string | null): number | null {
  if (text === null || text.trim() === '') return EMBED_DEFAULT_COUNT;
  const n = /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= EMBED_MAX_COUNT ? n : null;
}
