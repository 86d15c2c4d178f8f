// docs/performance.md: one table row per scenario, each with the date and machine of its
// latest run. A run of some scenarios replaces their rows and keeps the others.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export interface BenchRow {
  scenario: string;
  figure: number;
  unit: string;
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
];

const INTRODUCTION = `# Performance

Written by \`npm run bench\` (\`test/bench/run.ts\`; \`npm run bench -- compile\` runs one
scenario). Each row is the latest run of its scenario, on the machine in that row; edit the
scenarios under \`test/bench/scenarios/\`, not this table.

| scenario | figure | unit | details | date | machine |
| --- | --- | --- | --- | --- | --- |
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
  return `| ${[row.scenario, String(row.figure), row.unit, formatDetails(row.details), row.date, row.machine].map(cell).join(' | ')} |`;
}

/** Rows of an earlier file by scenario, kept verbatim. */
function previousRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const scenario = /^\| ([a-z0-9][\w-]*) \|/.exec(line)?.[1];
    if (scenario && scenario !== 'scenario') rows.set(scenario, line);
  }
  return rows;
}

function scenarioRank(scenario: string): number {
  const index = SCENARIO_ORDER.indexOf(scenario);
  return index === -1 ? SCENARIO_ORDER.length : index;
}

export async function writePerformanceDoc(path: string, rows: readonly BenchRow[]): Promise<void> {
  const merged = existsSync(path) ? previousRows(await readFile(path, 'utf8')) : new Map<string, string>();
  for (const row of rows) merged.set(row.scenario, formatRow(row));
  const ordered = [...merged].sort(
    ([left], [right]) => scenarioRank(left) - scenarioRank(right) || (left < right ? -1 : left > right ? 1 : 0),
  );
  await writeFile(path, `${INTRODUCTION}${ordered.map(([, line]) => line).join('\n')}\n`);
}
