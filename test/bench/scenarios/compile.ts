// compile: how long the compiler takes for a generated 2,000-step pipeline (median of 5
// runs after a warm-up), which must compile without a single diagnostic.
import { LineCounter, parseDocument } from 'yaml';
import { readSimpleYaml } from '../../../workflows/lang/compile/fast-yaml.js';
import { compilePipeline } from '../../../workflows/lang/compile/index.js';
import { verdict } from '../goals.js';
import { generatePipeline } from '../generate-pipeline.js';
import type { BenchResult } from '../scenario.js';

export const name = 'compile';

const STEPS = 2_000;
const RUNS = 5;

function timedCompile(text: string): { ms: number; cpuMs: number; diagnostics: number; firstDiagnostics: string[] } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { diagnostics } = compilePipeline(text, { file: 'bench/generated-2000.yaml' });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
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

/** The yaml package alone (positions kept): what the compiler paid before its fast reader took such files. */
function timedYamlParse(text: string): number {
  const started = performance.now();
  parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false, strict: false });
  return performance.now() - started;
}

/** The compiler's fast reader (workflows/lang/compile/fast-yaml.ts), which takes the generated file. */
function timedFastRead(text: string): number {
  const started = performance.now();
  if (!readSimpleYaml(text)) throw new Error('the fast YAML reader refused the generated pipeline');
  return performance.now() - started;
}

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
  const figure = round(median(runs.map((result) => result.ms)));
  const yamlMs = round(median(Array.from({ length: RUNS }, () => timedYamlParse(text))));
  const fastReadMs = round(median(Array.from({ length: RUNS }, () => timedFastRead(text))));
  return {
    figure,
    unit: 'ms',
    goal: '≤ 150 ms',
    verdict: verdict(
      figure <= 150,
      () =>
        `reading the YAML took ${fastReadMs} ms of it (the yaml package would take ${yamlMs} ms); the compile's CPU was ${round(median(runs.map((result) => result.cpuMs)))} ms`,
    ),
    details: {
      cpu_ms: round(median(runs.map((result) => result.cpuMs))),
      yaml_read_ms: fastReadMs,
      yaml_package_parse_ms: yamlMs,
      steps: STEPS,
      bytes: Buffer.byteLength(text),
      lines: text.split('\n').length,
      diagnostics: 0,
      warm_up_ms: round(warmUp.ms),
      runs_ms: runs.map((result) => round(result.ms)),
    },
  };
}
