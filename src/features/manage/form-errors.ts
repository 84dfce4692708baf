import type { MessageKey } from '#i18n/catalog-type.ts';
import type { Translator } from '#i18n/translate.ts';

// The domain and zod speak English field messages (the API shows them); the leaders' form
// says, per field, what is expected, in the leader's language.
const byField: Record<string, MessageKey> = {
  title: 'manage.error.title',
  start: 'manage.error.start',
  end: 'manage.error.end',
  category: 'manage.error.category',
  place: 'manage.error.place',
  group: 'manage.error.group',
  capacity: 'manage.error.capacity',
  maxPartySize: 'manage.error.maxPartySize',
  costCents: 'manage.error.cost',
  until: 'manage.error.until',
  skip: 'manage.error.skip',
  nth: 'manage.error.nth',
  confirm: 'manage.error.confirm',
  reminderHours: 'manage.error.reminderHours',
  spokenLanguages: 'manage.error.spoken',
  audiences: 'manage.error.audiences',
  signupOpensAt: 'manage.error.signupWindow',
  signupClosesAt: 'manage.error.signupWindow',
  pictureAlt: 'manage.error.pictureAlt',
};

/** One line per field with a problem, each saying what is expected. */
export function eventFormErrors(errors: Record<string, string>, t: Translator): string[] {
  const lines = Object.entries(errors).map(([field, detail]) => {
    if (field === 'picture') return t(detail === 'too-large' ? 'manage.error.pictureTooLarge' : 'manage.error.pictureNotPicture');
    const key = byField[field.split('.')[0]!];
    if (key) return t(key);
    if (detail === 'forbidden') return t('manage.error.forbidden');
    return t('manage.error.other');
  });
  return [...new Set(lines)];
}
