import { withoutControls } from './control-characters.ts';

/** Reads a posted form; a body that is too large or not a form gives null, never a throw. */
export async function readForm(request: Request): Promise<FormData | null> {
  let posted: FormData;
  try {
    posted = await request.formData();
  } catch {
    return null;
  }
  // Cleaned once here, so no form field can carry a NUL into the database.
  const form = new FormData();
  for (const [name, value] of posted) form.append(withoutControls(name), typeof value === 'string' ? withoutControls(value) : value);
  return form;
}

/** A text field of a posted form as typed ('' when absent or not text). */
export function formString(form: FormData | null, name: string): string {
  const value = form?.get(name);
  return typeof value === 'string' ? value : '';
}

/** A trimmed text field of a posted form ('' when absent or not text). */
export function formText(form: FormData, name: string): string {
  return formString(form, name).trim();
}
