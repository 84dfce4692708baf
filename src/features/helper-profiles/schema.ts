import { helperSkills, helperSlots, type HelperSkill, type HelperSlot } from '#db/schema/helper-profiles.ts';
import { SPOKEN_CHOICES, type FieldErrors } from '#features/helpers/schema.ts';
import { isLang, type Lang } from '#i18n/languages.ts';
import { parseContact as parseContactFields, parseName } from '#features/signups/parse-input.ts';

// A few words on what else they can do ("sewing, first aid"); more belongs in a conversation.
export const NOTE_MAX = 200;

export interface ProfileInput {
  name: string;
  languages: string[];
  skills: HelperSkill[];
  note: string;
  free: HelperSlot[];
  language: Lang;
}

export type RawProfile = Partial<Record<'name' | 'note' | 'consent' | 'language', string>> & {
  languages?: string[];
  skills?: string[];
  free?: string[];
};

const within = <T extends string>(values: string[] | undefined, allowed: readonly T[]): T[] | null => {
  const unique = [...new Set(values ?? [])];
  return unique.every((v) => (allowed as readonly string[]).includes(v)) ? (unique as T[]) : null;
};

/** Checks a profile form once, where it enters; errors per field as message keys. */
export function parseProfile(raw: RawProfile, lang: Lang): { ok: true; value: ProfileInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = parseName(raw.name, errors);
  const languages = within(raw.languages, SPOKEN_CHOICES);
  if (!languages) errors.languages = { key: 'signup.error.invalidChoice' };
  const skills = within(raw.skills, helperSkills);
  if (!skills) errors.skills = { key: 'signup.error.invalidChoice' };
  const free = within(raw.free, helperSlots);
  if (!free) errors.free = { key: 'signup.error.invalidChoice' };
  const note = (raw.note ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if ([...note].length > NOTE_MAX) errors.note = { key: 'profiles.error.noteTooLong', vars: { max: NOTE_MAX } };
  if (raw.consent !== 'on' && raw.consent !== 'yes') errors.consent = { key: 'signup.error.consent' };
  const language = raw.language && isLang(raw.language) ? raw.language : lang;
  if (Object.keys(errors).length > 0 || !languages || !skills || !free) return { ok: false, errors };
  // Kept in the lists' order, so the page and the search read the same way every time.
  const order = <T extends string>(values: T[], all: readonly T[]) => all.filter((v) => values.includes(v));
  return {
    ok: true,
    value: {
      name,
      languages: order(languages, SPOKEN_CHOICES),
      skills: order(skills, helperSkills),
      note,
      free: order(free, helperSlots),
      language,
    },
  };
}

export interface Contact {
  email: string | null;
  phone: string | null;
}

/** Email or phone for a profile link: one of them, valid. */
export function parseContact(raw: { email?: string; phone?: string }): { ok: true; value: Contact } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value = parseContactFields(raw.email, raw.phone, errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

export interface SearchFilters {
  language: string | null;
  skill: HelperSkill | null;
  free: HelperSlot | null;
}

/** The search's query parameters; anything unknown is no filter. */
export function parseSearch(params: URLSearchParams): SearchFilters {
  const pick = <T extends string>(value: string | null, all: readonly T[]) =>
    value && (all as readonly string[]).includes(value) ? (value as T) : null;
  return {
    language: pick(params.get('language'), SPOKEN_CHOICES),
    skill: pick(params.get('skill'), helperSkills),
    free: pick(params.get('free'), helperSlots),
  };
}
