import type { Db } from '#db/client.ts';
import type { QuestionKind } from '#db/schema/questions.ts';
import type { Translated } from '#db/schema/translated.ts';
import { formTranslated, invalidFields } from '#features/admin/form-fields.ts';
import type { Actor } from '#features/auth/policy.ts';
import { UUID } from '#features/http/json.ts';
import { formText } from '#lib/forms.ts';
import { deleteQuestion, moveQuestion, type QuestionOutcome, saveQuestion } from './mutations.ts';
import { questionInputSchema } from './schema.ts';

/** Empty option rows the form offers each time (more after saving). */
export const NEW_OPTION_SLOTS = 3;

/** What the question form shows: stored, or exactly what was typed after a refusal. */
export interface QuestionFormValues {
  questionId: string;
  sourceLang: string;
  kind: QuestionKind;
  required: boolean;
  label: Translated;
  /** Stored options by id, then the empty rows `new0`, `new1`, … */
  options: { id: string; label: Translated; removed: boolean; isNew: boolean }[];
}

/** The form's values for a stored question, or for a new one (`null`). */
export function questionValues(
  q: {
    id: string;
    kind: QuestionKind;
    required: boolean;
    label: Translated;
    options: { id: string; label: Translated; removed?: boolean }[];
  } | null,
): QuestionFormValues {
  return {
    questionId: q?.id ?? '',
    sourceLang: '',
    kind: q?.kind ?? 'choice',
    required: q?.required ?? false,
    label: q?.label ?? {},
    options: [
      ...(q?.options ?? []).map((o) => ({ id: o.id, label: o.label, removed: Boolean(o.removed), isNew: false })),
      ...Array.from({ length: NEW_OPTION_SLOTS }, (_, i) => ({ id: `new${i}`, label: {}, removed: false, isNew: true })),
    ],
  };
}

export type QuestionFormResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'show'; status: number; errors: Record<string, string>; values?: QuestionFormValues };

const kinds: readonly QuestionKind[] = ['text', 'choice', 'multi', 'yesno'];

function valuesFromForm(form: FormData): QuestionFormValues {
  const stored = form
    .getAll('option')
    .filter((v): v is string => typeof v === 'string' && /^[a-z0-9-]{1,40}$/.test(v))
    .slice(0, 40);
  const kind = formText(form, 'kind') as QuestionKind;
  return {
    questionId: formText(form, 'question'),
    sourceLang: formText(form, 'sourceLang'),
    kind: kinds.includes(kind) ? kind : 'text',
    required: form.get('required') === 'on',
    label: formTranslated(form, 'label'),
    options: [
      ...stored.map((id) => ({
        id,
        label: formTranslated(form, `option-${id}`),
        removed: form.get(`remove-${id}`) === 'on',
        isNew: false,
      })),
      ...Array.from({ length: NEW_OPTION_SLOTS }, (_, i) => ({
        id: `new${i}`,
        label: formTranslated(form, `option-new${i}`),
        removed: false,
        isNew: true,
      })),
    ],
  };
}

function shown(outcome: Exclude<QuestionOutcome, { kind: 'ok' }>): { status: number; errors: Record<string, string> } {
  if (outcome.kind === 'invalid') return { status: 422, errors: outcome.errors };
  return { status: outcome.kind === 'forbidden' ? 403 : 404, errors: { body: outcome.kind } };
}

/** The questions page's posts: save one question, move it, delete it, or show it in another language. */
export async function submitQuestionForm(
  db: Db,
  args: { actor: Actor; eventId: string; form: FormData | null; pagePath: string },
): Promise<QuestionFormResult> {
  const { form } = args;
  if (!form) return { kind: 'show', status: 400, errors: { body: 'not a form' } };
  const action = formText(form, 'action');
  const questionId = formText(form, 'question');
  if (questionId && !UUID.test(questionId)) return { kind: 'show', status: 404, errors: { body: 'not-found' } };
  if (action === 'move-up' || action === 'move-down' || action === 'delete') {
    const outcome =
      action === 'delete'
        ? await deleteQuestion(db, args.actor, args.eventId, questionId)
        : await moveQuestion(db, args.actor, args.eventId, questionId, action === 'move-up' ? 'up' : 'down');
    if (outcome.kind === 'ok') return { kind: 'redirect', location: `${args.pagePath}?saved=${action === 'delete' ? 'deleted' : 'moved'}` };
    return { kind: 'show', ...shown(outcome) };
  }
  const values = valuesFromForm(form);
  if (action === 'relang') return { kind: 'show', status: 200, errors: {}, values };
  // A kind the form does not offer is refused, never taken for free text.
  if (!kinds.includes(formText(form, 'kind') as QuestionKind))
    return { kind: 'show', status: 422, errors: { body: 'unknown kind' }, values };
  const parsed = questionInputSchema.safeParse({
    kind: values.kind,
    required: values.required,
    label: values.label,
    options: values.options.map((o) => (o.isNew ? { label: o.label } : { id: o.id, label: o.label, remove: o.removed })),
  });
  if (!parsed.success)
    return {
      kind: 'show',
      status: 422,
      errors: Object.fromEntries(Object.keys(invalidFields(parsed.error)).map((k) => [k, 'invalid'])),
      values,
    };
  const outcome = await saveQuestion(db, args.actor, args.eventId, questionId || null, parsed.data);
  if (outcome.kind === 'ok') return { kind: 'redirect', location: `${args.pagePath}?saved=question` };
  return { kind: 'show', ...shown(outcome), values };
}
