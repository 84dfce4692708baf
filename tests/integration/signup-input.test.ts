import { describe, expect, it } from 'vitest';
import { parseSignupInput } from '#features/signups/parse-input.ts';
import type { SignupRules } from '#features/signups/schema.ts';

const rules: SignupRules = {
  maxPartySize: 5,
  freeChildAge: null,
  questions: [
    {
      id: 'diet',
      kind: 'choice',
      required: true,
      options: [
        { id: 'veg', label: { en: 'Vegetarian' } },
        { id: 'any', label: { en: 'Anything' } },
      ],
    },
    { id: 'care', kind: 'yesno', required: false, options: [] },
    { id: 'note', kind: 'text', required: false, options: [] },
    {
      id: 'days',
      kind: 'multi',
      required: false,
      options: [
        { id: 'mon', label: {} },
        { id: 'tue', label: {} },
      ],
    },
  ],
};
const parse = (raw: Record<string, unknown>, requireConsent = false) =>
  parseSignupInput({ answers: { diet: 'veg' }, ...raw }, rules, { defaultLanguage: 'fi', requireConsent });

describe('sign-up input', () => {
  it('normalises what it keeps', () => {
    const result = parse({
      name: '  Amina \t Yusuf ',
      email: ' Amina@Example.FI ',
      phone: '040 123 4567',
      adults: '2',
      children: 1,
      language: 'ar',
      answers: { diet: 'veg', care: 'yes', note: ' nuts ', days: ['mon', 'mon'] },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Amina Yusuf',
        email: 'amina@example.fi',
        phone: '+358401234567',
        adults: 2,
        children: 1,
        smallChildren: 0,
        language: 'ar',
        answers: { diet: 'veg', care: true, note: 'nuts', days: ['mon'] },
      },
    });
  });

  it.each([
    [{ email: 'a@b.fi' }, 'name', 'signup.error.nameRequired'],
    [{ name: 'x'.repeat(81), email: 'a@b.fi' }, 'name', 'signup.error.nameTooLong'],
    [{ name: 'A\u0000B', email: 'a@b.fi' }, 'name', 'signup.error.nameRequired'],
    [{ name: 'Ali' }, 'contact', 'signup.error.contactRequired'],
    [{ name: 'Ali', email: 'not-an-email' }, 'email', 'signup.error.emailInvalid'],
    [{ name: 'Ali', phone: '12' }, 'phone', 'signup.error.phoneInvalid'],
    [{ name: 'Ali', phone: { $ne: '' } }, 'phone', 'signup.error.phoneInvalid'],
    [{ name: 'Ali', email: 'a@b.fi', adults: 0 }, 'adults', 'signup.error.adults'],
    [{ name: 'Ali', email: 'a@b.fi', adults: '1.5' }, 'adults', 'signup.error.adults'],
    [{ name: 'Ali', email: 'a@b.fi', adults: 3, children: 3 }, 'adults', 'signup.error.partyTooBig'],
    [{ name: 'Ali', email: 'a@b.fi', children: -1 }, 'children', 'signup.error.children'],
    [{ name: 'Ali', email: 'a@b.fi', language: 'de' }, 'language', 'signup.error.language'],
    [{ name: 'Ali', email: 'a@b.fi', answers: {} }, 'question.diet', 'signup.error.required'],
    [{ name: 'Ali', email: 'a@b.fi', answers: { diet: 'meat' } }, 'question.diet', 'signup.error.invalidChoice'],
    [{ name: 'Ali', email: 'a@b.fi', answers: { diet: 'veg', days: ['sun'] } }, 'question.days', 'signup.error.invalidChoice'],
    [{ name: 'Ali', email: 'a@b.fi', answers: { diet: 'veg', note: 'x'.repeat(501) } }, 'question.note', 'signup.error.tooLong'],
  ])('%o → %s', (raw, field, key) => {
    const result = parse(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]?.key).toBe(key);
  });

  it('asks the form for consent, not the API', () => {
    const raw = { name: 'Ali', email: 'a@b.fi' };
    expect(parse(raw).ok).toBe(true);
    const refused = parse(raw, true);
    expect(!refused.ok && refused.errors.consent?.key).toBe('signup.error.consent');
    expect(parse({ ...raw, consent: 'on' }, true).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const result = parse({ adults: 'many', answers: {} }, true);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['adults', 'consent', 'contact', 'name', 'question.diet']);
  });
});
