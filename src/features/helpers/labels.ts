import type { HelperTaskKind } from '#db/schema/helpers.ts';
import type { Translated } from '#db/schema/translated.ts';
import { languageName } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { pick, translator } from '#i18n/translate.ts';

/** A task's words in a UI language: "Interpreter (Arabic)", "Cook", or a custom task's name. */
export function taskLabel(task: { kind: HelperTaskKind; language: string | null; name: Translated }, lang: Lang): string {
  const t = translator(lang);
  if (task.kind === 'custom') return pick(task.name, lang).text || t('helpers.kind.custom');
  if (task.kind === 'interpreter') return t('helpers.kind.interpreterFor', { language: languageName(task.language ?? '', lang) });
  return t(`helpers.kind.${task.kind}`);
}
