import type { Db } from '#db/client.ts';
import type { Managed } from '#features/signups/managed.ts';
import type { Lang } from '#i18n/languages.ts';
import { eraseManaged, exportManaged } from './erase.ts';

export type PrivacyFormResult =
  | { kind: 'download'; json: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; error: 'privacy.deleteNeedsCheck' | 'signup.manage.notFound' };

/** The manage page's two privacy forms; null when the post is another of its forms. */
export async function submitPrivacyForm(
  db: Db,
  args: { managed: Managed; form: FormData | null; lang: Lang },
): Promise<PrivacyFormResult | null> {
  const action = args.form?.get('action');
  if (action === 'download') {
    const data = await exportManaged(db, args.managed);
    if (!data) return { kind: 'show', status: 404, error: 'signup.manage.notFound' };
    return { kind: 'download', json: `${JSON.stringify(data, null, 2)}\n` };
  }
  if (action === 'erase') {
    if (args.form?.get('confirm') !== 'yes') return { kind: 'show', status: 422, error: 'privacy.deleteNeedsCheck' };
    const done = await eraseManaged(db, args.managed);
    if (done.kind === 'not-found') return { kind: 'show', status: 404, error: 'signup.manage.notFound' };
    return { kind: 'redirect', location: `/${args.lang}/privacy?deleted=1` };
  }
  return null;
}
