import { withoutControls } from '#lib/control-characters.ts';
import { filterParsers, MAX_QUERY_LENGTH, type EventFilters, type FilterName, type ParsedFilters } from './schema.ts';

/** Reads listing filters from query parameters, dropping (and reporting) what is malformed. */
export function parseFilters(params: URLSearchParams): ParsedFilters {
  const filters: Record<string, unknown> = {};
  const ignored: FilterName[] = [];
  for (const [name, parser] of Object.entries(filterParsers) as [
    keyof typeof filterParsers,
    (typeof filterParsers)[keyof typeof filterParsers],
  ][]) {
    const raw = params.get(name) === null ? undefined : withoutControls(params.get(name)!).trim();
    if (!raw) continue;
    const result = parser.safeParse(raw);
    if (result.success) filters[name] = result.data;
    else ignored.push(name);
  }
  let qShortened = false;
  const q = params.get('q') === null ? undefined : withoutControls(params.get('q')!).replace(/\s+/g, ' ').trim();
  if (q) {
    // Array.from counts code points, so a cut never splits a surrogate pair.
    const chars = Array.from(q);
    qShortened = chars.length > MAX_QUERY_LENGTH;
    filters.q = chars.slice(0, MAX_QUERY_LENGTH).join('');
  }
  const parsed = filters as EventFilters;
  if (parsed.from && parsed.to && parsed.to < parsed.from) {
    delete parsed.to;
    ignored.push('to');
  }
  return { filters: parsed, ignored, qShortened };
}
