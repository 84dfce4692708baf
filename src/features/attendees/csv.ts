import type { Attendee } from './queries.ts';

/**
 * A cell safe to open in a spreadsheet: quoted, and text that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) is prefixed with an apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The attendee list as CSV (UTF-8 with BOM, so spreadsheet programs read ä and Arabic right). */
export function attendeesCsv(attendees: Attendee[], questions: { id: string; label: string }[]): string {
  const header = [
    'name',
    'email',
    'phone',
    'status',
    'position',
    'adults',
    'children',
    'small_children',
    'seats',
    'attended',
    'attended_people',
    'walk_in',
    'language',
    'signed_up_at',
    ...questions.map((q) => q.label),
  ];
  const lines = attendees.map((a) =>
    [
      a.name,
      a.email,
      a.phone,
      a.status,
      a.position,
      a.adults,
      a.children,
      a.smallChildren,
      a.seats,
      a.attended === null ? '' : a.attended ? 'yes' : 'no',
      a.attendedPeople,
      a.walkIn ? 'yes' : 'no',
      a.language,
      a.signedUpAt,
      ...questions.map((q) => a.answers[q.id]),
    ]
      .map(csvCell)
      .join(','),
  );
  return `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`;
}
