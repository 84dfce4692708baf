import type { Db } from '#db/client.ts';
import type { Actor } from '#features/auth/policy.ts';
import { UUID } from '#features/http/json.ts';
import type { Lang } from '#i18n/languages.ts';
import type { Translator } from '#i18n/translate.ts';
import { buildReport, defaultReportRange, type ReportData } from './queries.ts';
import { reportTables, type ReportTable } from './tables.ts';

export type ReportPage =
  | { kind: 'login' }
  | { kind: 'forbidden' }
  | { kind: 'invalid'; from: string; to: string; groupId: string }
  | { kind: 'report'; from: string; to: string; groupId: string; data: ReportData; tables: ReportTable[] };

/** The report page and its CSVs read the same query string the same way. */
export async function reportFromQuery(
  db: Db,
  actor: Actor,
  args: { hubId: string; timeZone: string; now: Date; params: URLSearchParams; lang: Lang; t: Translator },
): Promise<ReportPage> {
  if (actor.kind !== 'user') return { kind: 'login' };
  const fallback = defaultReportRange(args.now, args.timeZone);
  const from = (args.params.get('from') || fallback.from).slice(0, 20);
  const to = (args.params.get('to') || fallback.to).slice(0, 20);
  const groupId = (args.params.get('group') ?? '').slice(0, 40).toLowerCase();
  if (groupId && !UUID.test(groupId)) return { kind: 'invalid', from, to, groupId: '' };
  const outcome = await buildReport(db, actor, { hubId: args.hubId, timeZone: args.timeZone, from, to, groupId: groupId || null });
  if (outcome.kind === 'forbidden') return outcome;
  if (outcome.kind === 'invalid-range') return { kind: 'invalid', from, to, groupId };
  return { kind: 'report', from, to, groupId, data: outcome.data, tables: reportTables(outcome.data, args.lang, args.t) };
}
