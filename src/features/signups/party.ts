import type { SignupInput } from './schema.ts';

/** What a person typed, as stored on a sign-up and, the same, on a repeat's decoy (decision 015). */
export function typedColumns(input: SignupInput) {
  const { name, email, phone, adults, children, smallChildren, language, answers } = input;
  return { name, email, phone, adults, children, smallChildren, language, answers };
}
