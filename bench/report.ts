// Figures, their goals, the printed table and the results file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Goal {
  /** The figure must be at least (`>=`) or at most (`<=`) the target. */
  op: '>=' | '<=';
  target: number;
}

export interface Figure {
  section: string;
  name: string;
  /** Null: it could not be measured (the run then exits non-zero). */
  value: number | null;
  unit: string;
  goal?: Goal;
  met?: boolean | null;
  note?: string;
}

export class Report {
  figures: Figure[] = [];
  /** Anything a reader of the results needs besides the figures (machine, data set, plans). */
  info: Record<string, unknown> = {};

  add(section: string, name: string, value: number | null | undefined, unit: string, goal?: Goal, note?: string): Figure {
    const v = value === undefined || value === null || !Number.isFinite(value) ? null : value;
    const figure: Figure = { section, name, value: v, unit };
    if (goal) {
      figure.goal = goal;
      figure.met = v === null ? null : goal.op === '>=' ? v >= goal.target : v <= goal.target;
    }
    if (note) figure.note = note;
    this.figures.push(figure);
    return figure;
  }

  /** Records a section that failed: its figures stay null, the reason is kept. */
  failed(section: string, error: unknown): void {
    this.add(section, `(section failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, null, '');
  }

  get unmeasured(): Figure[] {
    return this.figures.filter((f) => f.value === null);
  }

  table(): string {
    const rows = [['figure', 'value', 'goal', 'met']];
    let section = '';
    const sectionRows: number[] = [];
    for (const f of this.figures) {
      if (f.section !== section) {
        section = f.section;
        sectionRows.push(rows.length);
        rows.push([`— ${section}`, '', '', '']);
      }
      rows.push([
        `  ${f.name}`,
        f.value === null ? 'NOT MEASURED' : `${formatNumber(f.value)} ${f.unit}`.trim(),
        f.goal ? `${f.goal.op === '>=' ? '≥' : '≤'} ${formatNumber(f.goal.target)}` : '',
        f.met === undefined ? '' : f.met === null ? '?' : f.met ? 'yes' : 'NO',
      ]);
    }
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => [...r[i]!].length)));
    const line = (r: string[]) =>
      r
        .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    return rows.map((r, i) => (sectionRows.includes(i) ? r[0]! : line(r))).join('\n');
  }

  /** The table as Markdown, for docs/benchmarks.md. */
  markdown(): string {
    const out = ['| figure | value | goal | met |', '|---|---:|---|---|'];
    let section = '';
    for (const f of this.figures) {
      if (f.section !== section) {
        section = f.section;
        out.push(`| **${section}** | | | |`);
      }
      const value = f.value === null ? 'not measured' : `${formatNumber(f.value)} ${f.unit}`.trim();
      const goal = f.goal ? `${f.goal.op === '>=' ? '≥' : '≤'} ${formatNumber(f.goal.target)}` : '';
      const met = f.met === undefined ? '' : f.met === null ? '?' : f.met ? 'yes' : '**no**';
      out.push(`| ${f.name}${f.note ? ` (${f.note})` : ''} | ${value} | ${goal} | ${met} |`);
    }
    return out.join('\n');
  }

  write(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ info: this.info, figures: this.figures }, null, 2)}\n`);
  }
}

export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}
