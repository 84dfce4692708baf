import type { QuestionSpec, RawSignup } from './schema.ts';

// Bots fill every field; people never see this one (hidden from view and from screen readers).
export const HONEYPOT_FIELD = 'website';

/** Field values of a posted form, as the parser and the re-shown form both read them. */
export function rawFromForm(form: FormData, questions: QuestionSpec[]): RawSignup {
  const get = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    answers[q.id] = q.kind === 'multi' ? form.getAll(`q_${q.id}`).filter((v) => typeof v === 'string') : get(`q_${q.id}`);
  }
  return {
    name: get('name'),
    email: get('email'),
    phone: get('phone'),
    adults: get('adults'),
    children: get('children'),
    smallChildren: get('smallChildren'),
    language: get('language'),
    consent: get('consent'),
    answers,
  };
}

export function honeypotFilled(form: FormData): boolean {
  const value = form.get(HONEYPOT_FIELD);
  return typeof value === 'string' && value.trim() !== '';
}
