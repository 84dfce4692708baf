import { z } from 'zod';
import { eventModes } from '#db/schema/events.ts';
import { helperTaskKinds } from '#db/schema/helpers.ts';
import { audiences } from './audiences.ts';
import { isValidDay } from './hub-days.ts';
import { EVENT_SLUG_MAX, slugSchema } from '#lib/slug.ts';

// Long enough for any real search, short enough to keep LIKE patterns cheap.
export const MAX_QUERY_LENGTH = 100;
// Past this a page number is a typo or a crawler; it would only show an empty page.
export const MAX_PAGE = 1000;
export const PAGE_SIZE = 20;

const slug = slugSchema(EVENT_SLUG_MAX);

/** One parser per listing filter: a value that fails is dropped and reported, never fatal. */
export const filterParsers = {
  category: slug,
  // ISO 639 code of a language spoken at the event (not only the UI languages).
  spoken: z.string().regex(/^[a-z]{2,3}$/),
  audience: z.enum(audiences),
  place: slug,
  group: slug,
  mode: z.enum(eventModes),
  from: z.string().refine(isValidDay),
  to: z.string().refine(isValidDay),
  page: z.coerce.number().int().min(1).max(MAX_PAGE),
  // Events that still need helpers (decision 031): `1` any task, or one kind of task.
  help: z.enum(['1', ...helperTaskKinds]),
  // With `help=interpreter`: an interpreter into this language (ISO 639).
  interprets: z.string().regex(/^[a-z]{2,3}$/),
} as const;

export type FilterName = keyof typeof filterParsers | 'q';

export interface EventFilters {
  category?: string;
  spoken?: string;
  audience?: (typeof audiences)[number];
  place?: string;
  group?: string;
  mode?: (typeof eventModes)[number];
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  help?: '1' | (typeof helperTaskKinds)[number];
  interprets?: string;
}

export interface ParsedFilters {
  filters: EventFilters;
  /** Filters present but not understood; shown to the visitor as a note. */
  ignored: FilterName[];
  qShortened: boolean;
}
