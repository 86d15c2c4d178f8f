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
const SCENARIO_ORDER = ['raw-seq', 'seq', 'fanout', 'long-loop', 'compile', 'worker-rss', 'cli'];

const INTRODUCTION = `# Performance

Written by \`npm run bench\` (\`test/bench/run.ts\`; \`npm run bench -- compile\` runs one
scenario). Each row is the latest run of its scenario, on the machine in that row; edit the
scenarios under \`test/bench/scenarios/\`, not this table.

| scenario | figure | unit | details | date | machine |
| --- | --- | --- | --- | --- | --- |
`;

const NOTES = `
## The cli scenario

What a user waits for, with the compiled command (\`bin/orc.js\` → \`dist/\`, built by the
scenario first), each figure the median of 5 runs after a warm-up; \`*_cpu_ms\` (user plus system
time) and peak memory are GNU time's for the \`orc\` process. Targets (issue 13): \`help_ms\` ≤ 150,
\`validate_ms\` ≤ 400 and \`validate_peak_mb\` ≤ 120, \`run_with_worker_up_ms\` ≤ 1000 (a
lasting \`orc worker\` polls; the whole \`orc run pipelines/hello.yaml --json\` process),
\`first_run_beyond_server_ms\` ≤ 5000 (the first \`orc run\` with nothing up — dev server
auto-started on 7233, in-process worker — less \`server_start_ms\`, the dev server's own start;
the Temporal CLI is already installed). \`help_from_source_ms\` is the same \`--help\` through tsx
(\`ORC_FROM_SOURCE=1\`), as every command ran before the package was compiled.
\`worker_rss_at_start_mb\` is the lasting worker's resident memory once it polls. Wall times on
the shared 2-core machines depend on their load, noted as \`load_average_at_start\`.

Before and after the compiled package (2026-12-07, same machine, load 10–15, GNU time, 3 runs
each): \`orc --help\` took 3.9–4.8 s of CPU and 256 MB through tsx with every dependency loaded,
and takes 1.0–1.1 s and 120 MB compiled; \`orc validate pipelines/hello.yaml\` 3.6–3.7 s and
253 MB, now 1.1 s and 130 MB. A lasting \`orc worker\` (both compiled, with the shipped workflow
bundle) held 253–261 MB once it polled when every tool's and provider's dependencies were
imported at start, and 202–216 MB now that they load on first use. What \`--help\` and
\`validate\` still load is the Temporal client and worker SDKs, which \`client/cli.ts\` imports
for every command: the CLI's lazy loading of each command's body (issue 13, item 5) removes
them, so \`help_ms\`, \`validate_ms\` and \`validate_peak_mb\` are to be measured again once
that change is in; the run figures depend on it less (they need the client and, without a
lasting worker, the worker).

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
  await writeFile(path, `${INTRODUCTION}${ordered.map(([, line]) => line).join('\n')}\n${NOTES}`);
}
