// docs/performance.md: one table row per scenario, each with the date and machine of its
// latest run. A run of some scenarios replaces their rows and keeps the others; whatever
// follows the table (hand-written findings, other sections) is kept as it is.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export interface BenchRow {
  scenario: string;
  figure: number;
  unit: string;
  /** What the figure should be (issue 14's goals), and whether it is: "met" or "missed: why". */
  goal?: string;
  verdict?: string;
  details?: Record<string, unknown>;
  date: string;
  machine: string;
}

/** The order of testing.md's Benchmarks section; scenarios added later follow by name. */
const SCENARIO_ORDER = [
  'raw-seq',
  'raw-local-seq',
  'seq',
  'seq-activity',
  'fanout',
  'fanout-local',
  'long-loop',
  'compile',
  'worker-rss',
  'pyorc',
  'cli',
  'fuzz',
];

const INTRODUCTION = `# Performance

Written by \`npm run bench\` (\`test/bench/run.ts\`; \`npm run bench -- compile\` runs one
scenario). Each row is the latest run of its scenario, on the machine in that row (with its load
average while the scenario ran: the machine may be shared); edit the scenarios under
\`test/bench/scenarios/\`, not this table. Sections after the table are written by hand.

| scenario | figure | unit | goal | verdict | details | date | machine |
| --- | --- | --- | --- | --- | --- | --- | --- |
`;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatDetails(details: Record<string, unknown> | undefined): string {
  return Object.entries(details ?? {})
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function formatRow(row: BenchRow): string {
  const cells = [
    row.scenario,
    String(row.figure),
    row.unit,
    row.goal ?? '',
    row.verdict ?? '',
    formatDetails(row.details),
    row.date,
    row.machine,
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Rows of an earlier file by scenario, kept verbatim, and what follows the table. */
function previousDocument(markdown: string): { rows: Map<string, string>; after: string } {
  const rows = new Map<string, string>();
  const lines = markdown.split('\n');
  let tableEnd = -1;
  // The scenario table is the first table; it ends at its first line that is not a table row,
  // so a hand-written table further down (the cli targets) is kept as it is.
  const tableStart = lines.findIndex((line) => line.startsWith('| scenario |'));
  for (let index = tableStart; tableStart !== -1 && index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.startsWith('|')) break;
    const scenario = /^\| ([a-z0-9][\w-]*) \|/.exec(line)?.[1];
    if (scenario && scenario !== 'scenario') rows.set(scenario, withGoalColumns(line));
    tableEnd = index;
  }
  const after =
    tableEnd === -1
      ? ''
      : lines
          .slice(tableEnd + 1)
          .join('\n')
          .trim();
  return { rows, after };
}

/** A row written before the goal and verdict columns gets them, empty. */
function withGoalColumns(line: string): string {
  const cells = line.split(/(?<!\\)\|/).length - 2;
  return cells === 6 ? line.replace(/^(\|(?:[^|]*\|){3})/, '$1  |  |') : line;
}

function scenarioRank(scenario: string): number {
  const index = SCENARIO_ORDER.indexOf(scenario);
  return index === -1 ? SCENARIO_ORDER.length : index;
}

export async function writePerformanceDoc(path: string, rows: readonly BenchRow[]): Promise<void> {
  const previous = existsSync(path) ? previousDocument(await readFile(path, 'utf8')) : { rows: new Map(), after: '' };
  const merged = previous.rows;
  for (const row of rows) merged.set(row.scenario, formatRow(row));
  const ordered = [...merged].sort(
    ([left], [right]) => scenarioRank(left) - scenarioRank(right) || (left < right ? -1 : left > right ? 1 : 0),
  );
  const after = previous.after ? `\n${previous.after}\n` : '';
  await writeFile(path, `${INTRODUCTION}${ordered.map(([, line]) => line).join('\n')}\n${after}`);
}
