import { isLang, negotiateLang, uiLanguages } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';
import { PICTURE_MAX_BYTES } from '#features/pictures/process.ts';

// How much a request may send. Forms and the API need little; only the forms that take a
// picture (decision 028) need more. Astro's own limit (astro.config.mjs) is the larger one, so
// the server refuses everything else here, before Astro reads a byte.
export const BODY_LIMIT = 256 * 1024;
/** A picture at its largest and the rest of the form. Keep astro.config.mjs's bodySizeLimit equal. */
export const UPLOAD_BODY_LIMIT = PICTURE_MAX_BYTES + 1024 * 1024;

const UPLOAD_PATHS = new RegExp(
  `^/(?:${uiLanguages.join('|')})/manage/(?:events/(?:new|[0-9a-f-]{36}/edit)|admin/groups/(?:new|[0-9a-f-]{36}))$`,
);

export function bodyLimit(path: string): number {
  return UPLOAD_PATHS.test(path) ? UPLOAD_BODY_LIMIT : BODY_LIMIT;
}

/**
 * 413 when the declared length is over the path's limit; 411 when a small-body path gets a
 * body of undeclared length (which only the larger limit would stop); else null.
 */
export function bodyRefusal(
  method: string | undefined,
  path: string,
  headers: { 'content-length'?: string; 'transfer-encoding'?: string },
): 411 | 413 | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const limit = bodyLimit(path);
  const declared = headers['content-length'];
  if (declared !== undefined) return Number(declared) > limit ? 413 : null;
  if (headers['transfer-encoding'] && limit < UPLOAD_BODY_LIMIT) return 411;
  return null;
}

/** The refusal's words for a page, in the language of its address (else the browser's). */
export function refusalText(status: 411 | 413, path: string, acceptLanguage: string | undefined): string {
  const first = path.split('/')[1];
  const t = translator(isLang(first) ? first : negotiateLang(acceptLanguage));
  return t(status === 413 ? 'http.tooLarge' : 'http.lengthRequired');
}
