// compile: how long the compiler takes for a generated 2,000-step pipeline (median of 5
// runs after a warm-up), which must compile without a single diagnostic.
import { compilePipeline } from '../../../workflows/lang/compile/index.js';
import { generatePipeline } from '../generate-pipeline.js';
import type { BenchResult } from '../scenario.js';

export const name = 'compile';

const STEPS = 2_000;
const RUNS = 5;

function timedCompile(text: string): { ms: number; diagnostics: number; firstDiagnostics: string[] } {
  const started = performance.now();
  const { diagnostics } = compilePipeline(text, { file: 'bench/generated-2000.yaml' });
  const ms = performance.now() - started;
  return {
    ms,
    diagnostics: diagnostics.length,
    firstDiagnostics: diagnostics
      .slice(0, 5)
      .map((item) => `${item.range.line}:${item.range.column} ${item.code} ${item.message}`),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number) => Math.round(value * 10) / 10;

export async function run(): Promise<BenchResult> {
  const text = generatePipeline({ steps: STEPS });
  const warmUp = timedCompile(text);
  const runs = Array.from({ length: RUNS }, () => timedCompile(text));
  for (const result of [warmUp, ...runs]) {
    // A figure for a pipeline that does not compile would measure the error path instead.
    if (result.diagnostics !== 0)
      throw new Error(
        `the generated pipeline has ${result.diagnostics} diagnostics:\n${result.firstDiagnostics.join('\n')}`,
      );
  }
  return {
    figure: round(median(runs.map((result) => result.ms))),
    unit: 'ms',
    details: {
      steps: STEPS,
      bytes: Buffer.byteLength(text),
      lines: text.split('\n').length,
      diagnostics: 0,
      warm_up_ms: round(warmUp.ms),
      runs_ms: runs.map((result) => round(result.ms)),
    },
  };
}
