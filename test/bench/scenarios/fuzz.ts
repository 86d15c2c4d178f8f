// fuzz: the full-size fuzzers of issue 18 — 10,000 mutated pipelines through the compiler and
// 10,000 generated templates through the template engine, each with the seeds CI uses. The
// figure is the number of failures (0 is the goal); the details say how many cases ran and how
// fast, so a slowdown of the compiler's error paths shows here too.
import { fuzzCompilerFile } from '../../support/compiler-fuzz.js';
import { loadFuzzFiles, memoryResolver } from '../../support/fuzz-files.js';
import { describeFailure, fuzzTemplates } from '../../support/template-fuzz/fuzz-templates.js';
import { round1 } from '../bench-numbers.js';
import { verdict } from '../goals.js';
import type { BenchResult } from '../scenario.js';

export const name = 'fuzz';

const COMPILER_CASES = 10_000;
const TEMPLATE_CASES = 10_000;
/** Other seeds than CI's, so the bench explores cases the suite does not. */
const COMPILER_SEED = 20_261_208;
const TEMPLATE_SEED = 20_261_209;

export async function run(): Promise<BenchResult> {
  const { seeds, texts } = await loadFuzzFiles();
  const check = { resolveFile: memoryResolver(texts), texts };
  const perFile = Math.ceil(COMPILER_CASES / seeds.length);
  const compiler = { cases: 0, failures: [] as string[], ms: 0 };
  const compilerStarted = performance.now();
  for (const file of seeds) {
    const result = fuzzCompilerFile(file, texts.get(file)!, {
      baseSeed: COMPILER_SEED,
      cases: perFile,
      maximumFailures: 3,
      check,
    });
    compiler.cases += result.compiled;
    compiler.failures.push(
      ...result.failures.map((failure) => `${file} case seed ${failure.seed}: ${failure.problems[0] ?? ''}`),
    );
  }
  compiler.ms = performance.now() - compilerStarted;
  const templateStarted = performance.now();
  const templates = fuzzTemplates(TEMPLATE_SEED, TEMPLATE_CASES);
  const templateMs = performance.now() - templateStarted;
  const failures = compiler.failures.length + templates.failures.length;
  return {
    figure: failures,
    unit: 'failures',
    goal: '0 failures in ≥ 10,000 pipelines and ≥ 10,000 templates',
    verdict: verdict(
      failures === 0 && compiler.cases >= COMPILER_CASES && templates.cases >= TEMPLATE_CASES,
      () =>
        [...compiler.failures, ...templates.failures.map(describeFailure)].slice(0, 3).join('; ') ||
        'too few cases ran',
    ),
    details: {
      pipelines: compiler.cases,
      pipelines_per_s: round1((compiler.cases / compiler.ms) * 1000),
      pipeline_seed: COMPILER_SEED,
      templates: templates.cases,
      templates_per_s: round1((templates.cases / templateMs) * 1000),
      template_seed: TEMPLATE_SEED,
      template_outcomes: templates.outcomes,
      first_failures: [...compiler.failures, ...templates.failures.map(describeFailure)].slice(0, 5),
    },
  };
}
