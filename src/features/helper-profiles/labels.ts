import { weekdays, type HelperSlot } from '#db/schema/enums.ts';
import { weekdayName } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { translator } from '#i18n/translate.ts';

type Weekday = (typeof weekdays)[number];
type Part = 'morning' | 'afternoon' | 'evening';

export const dayLabel = (day: Weekday, lang: Lang) => weekdayName(weekdays.indexOf(day) + 1, lang);
export const partLabel = (part: Part, lang: Lang) => translator(lang)(`profiles.part.${part}`);

/** "Monday – Evening" in the UI language, for the search and the list. */
export function slotLabel(slot: HelperSlot, lang: Lang): string {
  const [day, part] = slot.split('-') as [Weekday, Part];
  return `${dayLabel(day, lang)} – ${partLabel(part, lang)}`;
}
