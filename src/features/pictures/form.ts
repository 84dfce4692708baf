import type { Translated } from '#db/schema/translated.ts';
import { formTranslated } from '#features/admin/form-fields.ts';
import type { PictureChange } from './mutations.ts';
import { pictureFromForm } from './process.ts';

export interface PictureFormPart {
  change: PictureChange;
  alt: Translated;
  /** `picture`: 'too-large' | 'not-a-picture'; `pictureAlt`: missing while a picture is shown. */
  errors: Record<string, string>;
}

/**
 * The picture part of an event or group form: a new upload (decoded and redrawn, or refused),
 * the "remove" box, and the alt text per language, required while a picture is shown.
 */
export async function pictureFormPart(form: FormData, hadPicture: boolean): Promise<PictureFormPart> {
  const errors: Record<string, string> = {};
  const alt = formTranslated(form, 'pictureAlt');
  const uploaded = await pictureFromForm(form);
  if (uploaded && uploaded.kind !== 'ok') errors.picture = uploaded.kind;
  const change: PictureChange =
    uploaded?.kind === 'ok'
      ? { kind: 'new', picture: uploaded }
      : form.get('removePicture') === 'on'
        ? { kind: 'remove' }
        : { kind: 'keep' };
  const shown = change.kind === 'new' || (change.kind === 'keep' && hadPicture) || uploaded !== null;
  if (shown && !Object.values(alt).some((text) => text?.trim())) errors.pictureAlt = 'a text for the picture is needed';
  return { change, alt, errors };
}
