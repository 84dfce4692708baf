import { UUID } from '#features/http/json.ts';
import { parseFilters } from './parse-filters.ts';
import { MAX_QUERY_LENGTH, type EventFilters } from './schema.ts';

// Enough for a partner's "coming up" box in one request; small enough that a page stays quick.
export const API_DEFAULT_LIMIT = 50;
// A whole month of the hub's programme fits; beyond that, follow `next`.
export const API_MAX_LIMIT = 200;
// A cursor is a timestamp and a UUID in base64url: anything much longer is not one of ours.
const CURSOR_MAX_LENGTH = 120;

export interface ApiCursor {
  startsAt: Date;
  id: string;
}

export interface ApiListQuery {
  filters: Omit<EventFilters, 'page'>;
  limit: number;
  cursor: ApiCursor | null;
}

export type ApiQueryResult = { ok: true; query: ApiListQuery } | { ok: false; message: string };

/** The cursor is opaque to callers: the (start, id) of the last event they were given. */
export function encodeCursor(cursor: ApiCursor): string {
  return Buffer.from(`${cursor.startsAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string): ApiCursor | null {
  if (text.length > CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const [iso, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length || !iso || !id || !UUID.test(id) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(iso)) return null;
  const startsAt = new Date(iso);
  // Only what encodeCursor could have written: a real instant (no 02-30) in years PostgreSQL and
  // the programme both know; a forged year 0000 would otherwise reach the database.
  if (Number.isNaN(startsAt.getTime()) || startsAt.toISOString() !== iso) return null;
  const year = startsAt.getUTCFullYear();
  return year >= 2000 && year <= 2100 ? { startsAt, id: id.toLowerCase() } : null;
}

/**
 * The listing's filters read by the listing's own parser, but strict: where a page shows a note
 * and carries on, an API caller gets a 400 naming what was wrong.
 */
export function parseApiListQuery(params: URLSearchParams): ApiQueryResult {
  const { filters, ignored, qShortened } = parseFilters(params);
  const bad = ignored.filter((name) => name !== 'page');
  if (bad.length) return { ok: false, message: `Not understood: ${[...new Set(bad)].join(', ')}.` };
  if (qShortened) return { ok: false, message: `q may be at most ${MAX_QUERY_LENGTH} characters.` };
  if (params.has('page')) return { ok: false, message: 'The API pages with cursor, not page: follow "next".' };

  const limitText = params.get('limit');
  let limit = API_DEFAULT_LIMIT;
  if (limitText !== null) {
    limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= API_MAX_LIMIT)) return { ok: false, message: `limit must be a whole number from 1 to ${API_MAX_LIMIT}.` };
  }
  const cursorText = params.get('cursor');
  const cursor = cursorText === null ? null : decodeCursor(cursorText);
  if (cursorText !== null && !cursor) return { ok: false, message: 'cursor is not valid: use the "next" address of a previous answer.' };

  const { page: _page, ...rest } = filters;
  return { ok: true, query: { filters: rest, limit, cursor } };
}

/** The address of the same query from a cursor on; `next` in the answer. */
export function apiListUrl(publicUrl: string, query: ApiListQuery, cursor: ApiCursor): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query.filters)) if (value !== undefined) params.set(name, String(value));
  if (query.limit !== API_DEFAULT_LIMIT) params.set('limit', String(query.limit));
  params.set('cursor', encodeCursor(cursor));
  return `${publicUrl}/api/v1/events?${params}`;
}
