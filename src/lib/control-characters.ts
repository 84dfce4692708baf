// PostgreSQL refuses U+0000 in text and jsonb (a 500 waiting to happen), and the other C0
// controls have no place in anything people type. Tabs and line breaks stay.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** The same, through a parsed JSON value: every string in it, keys too. */
export function jsonWithoutControls(value: unknown): unknown {
  if (typeof value === 'string') return withoutControls(value);
  if (Array.isArray(value)) return value.map(jsonWithoutControls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutControls(k), jsonWithoutControls(v)]));
  }
  return value;
}
