import type { Catalog } from './catalog-type.ts';
import type { Lang } from './languages.ts';
import ar from './messages/ar.ts';
import en from './messages/en.ts';
import fa from './messages/fa.ts';
import fi from './messages/fi.ts';
import ru from './messages/ru.ts';
import so from './messages/so.ts';
import sv from './messages/sv.ts';
import uk from './messages/uk.ts';

// Adding a language: one file in messages/, one line here, its code in languages.ts.
export const catalogs: Record<Lang, Catalog> = { fi, sv, en, ar, so, ru, uk, fa };
