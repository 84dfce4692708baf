import { languageName } from '#i18n/format.ts';
import type { Lang } from '#i18n/languages.ts';
import { pick, type Translator } from '#i18n/translate.ts';
import { formatAverage } from '#features/feedback/queries.ts';
import type { ReportData, ReportEvent } from './queries.ts';

export const reportTableKeys = [
  'months',
  'groups',
  'places',
  'dropins',
  'countGroups',
  'attendance',
  'waiting',
  'spoken',
  'chosen',
  'firstTime',
  'feedbackGroups',
  'feedbackMonths',
  'feedbackComments',
  'volunteers',
] as const;
export type ReportTableKey = (typeof reportTableKeys)[number];

/**
 * One table of the report, exactly as the page shows it and its CSV holds it: the same
 * headers and the same cells, as text (decision 024). `chart` names the label column and the
 * value column a bar chart draws.
 */
export interface ReportTable {
  key: ReportTableKey;
  title: string;
  headers: string[];
  rows: string[][];
  chart: { label: number; value: number } | null;
}

const sum = (events: ReportEvent[], f: (e: ReportEvent) => number) => events.reduce((s, e) => s + f(e), 0);
// Hours with at most two decimals and a point, as the chart reads them and a spreadsheet takes them.
export const hoursText = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);
const percent = (part: number, whole: number) => (whole > 0 ? String(Math.round((part / whole) * 100)) : '');

/** Every table of a report in the page's language. */
export function reportTables(data: ReportData, lang: Lang, t: Translator): ReportTable[] {
  const name = (value: Parameters<typeof pick>[0]) => pick(value, lang).text;
  const evs = data.events;
  const title = (key: ReportTableKey) => t(`reports.table.${key}`);

  // Participations by month × category: a column per category that had events.
  const usedCats = data.categories.filter((c) => evs.some((e) => e.categoryId === c.id));
  const months = [...new Set(evs.map((e) => e.day.slice(0, 7)))].sort();
  const monthRows = months.map((m) => {
    const inMonth = evs.filter((e) => e.day.startsWith(m));
    return [
      m,
      ...usedCats.map((c) =>
        String(
          sum(
            inMonth.filter((e) => e.categoryId === c.id),
            (e) => e.participants,
          ),
        ),
      ),
      String(sum(inMonth, (e) => e.participants)),
    ];
  });

  const perOwner = (owners: { id: string; name: Parameters<typeof pick>[0] }[], of: (e: ReportEvent) => string | null, none: string) => {
    const rows = owners
      .filter((o) => evs.some((e) => of(e) === o.id))
      .map((o) => {
        const mine = evs.filter((e) => of(e) === o.id);
        return [name(o.name), String(mine.length), String(sum(mine, (e) => e.participants))];
      });
    const orphans = evs.filter((e) => of(e) === null);
    if (orphans.length) rows.push([none, String(orphans.length), String(sum(orphans, (e) => e.participants))]);
    return rows;
  };

  const dropins = evs.filter((e) => e.mode === 'dropin');
  const countRows = data.countGroups.filter((g) => g.n > 0).map((g) => [name(g.label), String(g.n)]);
  if (data.uncountedGroupTotal > 0) countRows.push([t('count.visitors'), String(data.uncountedGroupTotal)]);

  const attendanceRows = [
    ...data.groups.map((g) => ({ label: name(g.name), mine: evs.filter((e) => e.groupId === g.id && e.mode === 'signup') })),
    { label: t('reports.noGroup'), mine: evs.filter((e) => e.groupId === null && e.mode === 'signup') },
  ]
    .filter((r) => r.mine.length > 0)
    .map(({ label, mine }) => {
      const came = sum(mine, (e) => e.came);
      const noShows = sum(mine, (e) => e.noShows);
      return [label, String(came), String(noShows), String(sum(mine, (e) => e.unmarked)), percent(came, came + noShows)];
    });

  const spoken = new Map<string, ReportEvent[]>();
  for (const e of evs) for (const l of e.spokenLanguages) spoken.set(l, [...(spoken.get(l) ?? []), e]);

  // Feedback (decision 027): answers and the average face (1–5), per group and per month.
  const answered = evs.filter((e) => e.feedbackAnswers > 0);
  const feedbackRow = (label: string, mine: ReportEvent[]) => {
    const n = sum(mine, (e) => e.feedbackAnswers);
    return [
      label,
      String(n),
      formatAverage(
        sum(mine, (e) => e.feedbackSum),
        n,
      ),
    ];
  };
  const feedbackGroupRows = [
    ...data.groups.map((g) => ({ label: name(g.name), mine: answered.filter((e) => e.groupId === g.id) })),
    { label: t('reports.noGroup'), mine: answered.filter((e) => e.groupId === null) },
  ]
    .filter((r) => r.mine.length > 0)
    .map((r) => feedbackRow(r.label, r.mine));
  const feedbackMonthRows = [...new Set(answered.map((e) => e.day.slice(0, 7)))].sort().map((m) =>
    feedbackRow(
      m,
      answered.filter((e) => e.day.startsWith(m)),
    ),
  );
  const eventById = new Map(evs.map((e) => [e.id, e]));
  const commentRows = data.feedbackComments.flatMap((c) => {
    const e = eventById.get(c.eventId);
    return e ? [[e.day, name(e.title), String(c.score), c.comment]] : [];
  });

  const tables: ReportTable[] = [
    {
      key: 'months',
      title: title('months'),
      headers: [t('reports.month'), ...usedCats.map((c) => name(c.name)), t('reports.total')],
      rows: monthRows,
      chart: { label: 0, value: usedCats.length + 1 },
    },
    {
      key: 'groups',
      title: title('groups'),
      headers: [t('events.group'), t('reports.events'), t('reports.participations')],
      rows: perOwner(data.groups, (e) => e.groupId, t('reports.noGroup')),
      chart: { label: 0, value: 2 },
    },
    {
      key: 'places',
      title: title('places'),
      headers: [t('events.place'), t('reports.events'), t('reports.participations')],
      rows: perOwner(data.places, (e) => e.placeId, t('reports.noPlace')),
      chart: { label: 0, value: 2 },
    },
    {
      key: 'dropins',
      title: title('dropins'),
      headers: [t('reports.day'), t('reports.event'), t('reports.counted')],
      rows: dropins.map((e) => [e.day, name(e.title), String(e.headcount)]),
      chart: null,
    },
    {
      key: 'countGroups',
      title: title('countGroups'),
      headers: [t('reports.countGroup'), t('reports.counted')],
      rows: countRows,
      chart: { label: 0, value: 1 },
    },
    {
      key: 'attendance',
      title: title('attendance'),
      headers: [t('events.group'), t('reports.came'), t('reports.noShows'), t('reports.unmarked'), t('reports.rate')],
      rows: attendanceRows,
      chart: null,
    },
    {
      key: 'waiting',
      title: title('waiting'),
      headers: [t('reports.day'), t('reports.event'), t('reports.capacity'), t('reports.waitingParties'), t('reports.waitingPeople')],
      rows: evs
        .filter((e) => e.waitingParties > 0)
        .map((e) => [e.day, name(e.title), String(e.capacity ?? ''), String(e.waitingParties), String(e.waitingPeople)]),
      chart: null,
    },
    {
      key: 'spoken',
      title: title('spoken'),
      headers: [t('events.spoken'), t('reports.events'), t('reports.participations')],
      rows: [...spoken.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([code, mine]) => [languageName(code, lang), String(mine.length), String(sum(mine, (e) => e.participants))]),
      chart: { label: 0, value: 2 },
    },
    {
      key: 'chosen',
      title: title('chosen'),
      headers: [t('reports.language'), t('reports.signups'), t('reports.people')],
      rows: data.chosenLanguages.map((l) => [languageName(l.language, lang), String(l.parties), String(l.people)]),
      chart: { label: 0, value: 1 },
    },
    {
      key: 'firstTime',
      title: title('firstTime'),
      headers: [t('reports.contacts'), t('reports.signups')],
      rows: [
        [t('reports.firstTime'), String(data.firstTime.first)],
        [t('reports.returning'), String(data.firstTime.returning)],
        [t('reports.unknown'), String(data.firstTime.unknown)],
      ],
      chart: { label: 0, value: 1 },
    },
    {
      key: 'feedbackGroups',
      title: title('feedbackGroups'),
      headers: [t('events.group'), t('reports.answers'), t('reports.average')],
      rows: feedbackGroupRows,
      chart: { label: 0, value: 2 },
    },
    {
      key: 'feedbackMonths',
      title: title('feedbackMonths'),
      headers: [t('reports.month'), t('reports.answers'), t('reports.average')],
      rows: feedbackMonthRows,
      chart: { label: 0, value: 2 },
    },
    {
      // Volunteer hours (decision 031); the chart draws the hours.
      key: 'volunteers',
      title: title('volunteers'),
      headers: [t('reports.month'), t('reports.volunteerHelpers'), t('reports.volunteerTasks'), t('reports.volunteerHoursCol')],
      rows: data.volunteers.map((v) => [v.month, String(v.helpers), String(v.tasks), hoursText(v.minutes)]),
      chart: { label: 0, value: 3 },
    },
    {
      key: 'feedbackComments',
      title: title('feedbackComments'),
      headers: [t('reports.day'), t('reports.event'), t('reports.score'), t('reports.comment')],
      rows: commentRows,
      chart: null,
    },
  ];
  return tables;
}

/** The headline numbers of the printable summary. */
export function reportSummary(data: ReportData) {
  const evs = data.events;
  const came = sum(evs, (e) => e.came);
  const noShows = sum(evs, (e) => e.noShows);
  return {
    events: evs.length,
    participations: sum(evs, (e) => e.participants),
    headcount: sum(evs, (e) => e.headcount),
    rate: percent(came, came + noShows),
    noShows,
    waitingPeople: sum(evs, (e) => e.waitingPeople),
  };
}

/** A table as CSV: the same headers and cells (UTF-8 with BOM, cells quoted like the attendee CSV). */
export function tableCsv(table: ReportTable, cell: (value: string) => string): string {
  return `\uFEFF${[table.headers, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
