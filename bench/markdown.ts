// A results file as Markdown, for a dated section of docs/benchmarks.md:
//   node bench/markdown.ts [bench/results/latest.json]
import { readFileSync } from 'node:fs';
import type { Plan } from './explain.ts';
import { Report, type Figure } from './report.ts';

const file = process.argv[2] ?? 'bench/results/latest.json';
const { info, figures } = JSON.parse(readFileSync(file, 'utf8')) as { info: Record<string, unknown>; figures: Figure[] };
const report = new Report();
report.figures = figures;
const machine = (info.machine ?? {}) as Record<string, unknown>;
const data = (info.data ?? {}) as Record<string, unknown>;
const plans = (info.plans ?? []) as Plan[];

const out = [
  `Run: ${info.date} (${info.mode}).`,
  '',
  `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB memory; ${info.postgres}; Node ${machine.node}; ${machine.nginx}; ${machine.wrk}; ${machine.pgbench}. Load average (1, 5, 15 min) at the start ${(machine.loadAtStart as number[] | undefined)?.join(', ')}, at the end ${(info.loadAtEnd as number[] | undefined)?.join(', ')}.`,
  '',
  `Data: ${data.events} events (${data.upcomingEvents} upcoming: the demo week and the generated ones; the rest ended within the past year), ${data.signups} sign-ups, ${data.groups} groups, ${data.places} places, generated in ${Number(data.seconds).toFixed(1)} s.`,
  '',
  report.markdown(),
  '',
  '| query | time | indexes | tables read whole |',
  '|---|---:|---|---|',
  ...plans.map((p) => `| ${p.name} | ${p.ms} ms | ${p.indexes.join(', ') || '—'} | ${p.seqScans.join(', ') || '—'} |`),
];
process.stdout.write(`${out.join('\n')}\n`);
