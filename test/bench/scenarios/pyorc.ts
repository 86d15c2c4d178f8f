// pyorc: the same three pipelines through py-orc (../shared/peers/py-orc, test/bench/
// pyorc-python.ts) and through orc, in one run: 200 and 600 sequential file writes, and a
// for_each writing 500 files, 10 at a time. Figure: orc's cost per step over py-orc's, the worst
// of the three (at most 1 means orc is no slower on any). Skipped, with the reason, when py-orc
// or its Python cannot be had.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext } from '../bench-context.js';
import { round2 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { runPipelineTimed, withBenchWorker } from '../bench-worker.js';
import { DRIVER, pyorcPython, runCommand } from '../pyorc-python.js';
import { verdict } from '../goals.js';
import type { BenchResult, BenchSkipped } from '../scenario.js';

export const name = 'pyorc';

const PYORC_TIMEOUT_MS = 20 * 60_000;
const ORC_TIMEOUT_MS = 10 * 60_000;

interface Comparison {
  name: string;
  steps: number;
  text: string;
}

export function sequentialWrites(steps: number): string {
  const lines = [`id: pyorc_seq_${steps}`, `name: ${steps} sequential file writes`, 'steps:'];
  for (let index = 0; index < steps; index++) {
    lines.push(`  - id: w${index}`, '    tool: filesystem', '    action: write', '    parameters:');
    lines.push(`      path: "out/seq${steps}/w${index}.txt"`, `      content: "step ${index}"`);
    if (index > 0) lines.push(`    dependencies: [w${index - 1}]`);
  }
  return `${lines.join('\n')}\n`;
}

export function fanOutWrites(items: number): string {
  return `id: pyorc_fan_${items}
name: A for_each of ${items} file writes
parameters:
  items: {type: array, default: [${Array.from({ length: items }, (_, index) => index).join(', ')}]}
steps:
  - id: each
    for_each: "{{ items }}"
    max_parallel: 10
    steps:
      - id: write
        tool: filesystem
        action: write
        parameters:
          path: "out/fan${items}/{{ $item }}.txt"
          content: "item {{ $item }}"
`;
}

export const COMPARISONS: Comparison[] = [
  { name: 'seq200', steps: 200, text: sequentialWrites(200) },
  { name: 'seq600', steps: 600, text: sequentialWrites(600) },
  { name: 'fan500', steps: 500, text: fanOutWrites(500) },
];

/** Milliseconds per pipeline through py-orc, run in `folder`; throws with py-orc's own words. */
async function timePyorc(python: string, folder: string): Promise<Map<string, number>> {
  const files = COMPARISONS.map((comparison) => join(folder, `${comparison.name}.yaml`));
  await Promise.all(COMPARISONS.map((comparison, index) => writeFile(files[index]!, comparison.text)));
  const run = await runCommand(python, [DRIVER, ...files], { cwd: folder, timeoutMs: PYORC_TIMEOUT_MS });
  const times = new Map<string, number>();
  for (const line of run.stdout.split('\n').filter((text) => text.startsWith('{"file"'))) {
    const report = JSON.parse(line) as { file: string; ok: boolean; ms?: number; error?: string };
    if (!report.ok) throw new Error(`py-orc failed on ${report.file}: ${report.error}`);
    times.set(COMPARISONS[files.indexOf(report.file)]!.name, report.ms!);
  }
  if (times.size !== COMPARISONS.length)
    throw new Error(
      `py-orc ran ${times.size} of ${COMPARISONS.length} pipelines (exit ${run.code}): ${run.stderr.trim().split('\n').at(-1)}`,
    );
  return times;
}

async function timeOrc(context: BenchContext): Promise<Map<string, number>> {
  const compiled = COMPARISONS.map((comparison) =>
    compileBenchPipeline(comparison.text, `bench/${comparison.name}.yaml`),
  );
  const warmUp = compileBenchPipeline(sequentialWrites(10), 'bench/pyorc-warm-up.yaml');
  return withBenchWorker(context, { scenario: name }, async (engine) => {
    await runPipelineTimed(engine, warmUp, {}, { timeoutMs: ORC_TIMEOUT_MS, label: 'pyorc-warm-up' });
    const times = new Map<string, number>();
    for (const [index, comparison] of COMPARISONS.entries()) {
      const timed = await runPipelineTimed(
        engine,
        compiled[index]!,
        {},
        {
          timeoutMs: ORC_TIMEOUT_MS,
          label: `pyorc-${comparison.name}`,
        },
      );
      times.set(comparison.name, timed.ms);
    }
    return times;
  });
}

export async function run(context: BenchContext): Promise<BenchResult | BenchSkipped> {
  const found = await pyorcPython();
  if ('skipped' in found) return found;
  const folder = join((await context.temporal()).dataDir, 'pyorc');
  await mkdir(folder, { recursive: true });
  const pyorc = await timePyorc(found.python, folder);
  const orc = await timeOrc(context);
  const details: Record<string, unknown> = {};
  let worst = 0;
  const slower: string[] = [];
  for (const comparison of COMPARISONS) {
    const orcPerStep = orc.get(comparison.name)! / comparison.steps;
    const pyorcPerStep = pyorc.get(comparison.name)! / comparison.steps;
    details[`${comparison.name}_orc_ms_per_step`] = round2(orcPerStep);
    details[`${comparison.name}_pyorc_ms_per_step`] = round2(pyorcPerStep);
    worst = Math.max(worst, orcPerStep / pyorcPerStep);
    if (orcPerStep > pyorcPerStep)
      slower.push(`${comparison.name} ${round2(orcPerStep)} ms against py-orc's ${round2(pyorcPerStep)} ms per step`);
  }
  return {
    figure: round2(worst),
    unit: '× py-orc per step (worst of seq200, seq600, fan500)',
    goal: '≤ 1',
    verdict: verdict(worst <= 1, () => `orc was slower on ${slower.join('; ')}`),
    details,
  };
}
