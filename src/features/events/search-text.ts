import type { Translated } from '#db/schema/translated.ts';

/** What free-text search matches against; folded in JavaScript so every database agrees. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('und');
}

export function eventSearchText(fields: Translated[]): string {
  return foldForSearch(fields.flatMap((f) => Object.values(f).filter((v): v is string => !!v)).join('\n'));
}
