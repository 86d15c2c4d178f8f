// The template fuzzer's loop, shared by the test (a few hundred cases on every run) and the
// bench (`npm run bench -- fuzz`, ten thousand): each generated template must end within its
// bounds with its value or a TemplateError — never another exception (a bug in a filter), never
// spin. Returns the failures with the seed that rebuilds each.
import { caseSeed, mulberry32 } from '../seeded-random.js';
import { fuzzScope, generateTemplate } from './generate-template.js';
import { renderBounded, type RenderOutcome } from './render-bounded.js';

/** CPU per render: the fuzz scope is small, so anything near this is a blow-up. */
export const FUZZ_CPU_BOUND_MS = 1_000;
/** Wall clock before vm stops a render: a loaded machine, still far below the 10 s task timeout. */
export const FUZZ_WALL_LIMIT_MS = 6_000;

export interface TemplateFuzzFailure {
  caseIndex: number;
  seed: number;
  template: string;
  outcome: RenderOutcome;
}

export interface TemplateFuzzReport {
  cases: number;
  failures: TemplateFuzzFailure[];
  /** How the cases ended: rendered, or each TemplateError kind. */
  outcomes: Record<string, number>;
  cpuMs: number;
  slowest: { template: string; cpuMs: number; kind: string }[];
}

/** A render that is not the engine's own answer: a crash, a timeout, or too much CPU. */
export function isFuzzFailure(outcome: RenderOutcome): boolean {
  return outcome.kind === 'crash' || outcome.kind === 'timeout' || outcome.cpuMs >= FUZZ_CPU_BOUND_MS;
}

export function templateForCase(baseSeed: number, caseIndex: number): { seed: number; template: string } {
  const seed = caseSeed(baseSeed, 'template', caseIndex);
  return { seed, template: generateTemplate(mulberry32(seed)) };
}

export function fuzzTemplates(baseSeed: number, cases: number, maximumFailures = 20): TemplateFuzzReport {
  const scope = fuzzScope();
  const report: TemplateFuzzReport = { cases: 0, failures: [], outcomes: {}, cpuMs: 0, slowest: [] };
  for (let caseIndex = 0; caseIndex < cases && report.failures.length < maximumFailures; caseIndex++) {
    const { seed, template } = templateForCase(baseSeed, caseIndex);
    const outcome = renderBounded(template, scope, FUZZ_WALL_LIMIT_MS);
    report.cases++;
    report.cpuMs += outcome.cpuMs;
    report.outcomes[outcome.kind] = (report.outcomes[outcome.kind] ?? 0) + 1;
    report.slowest.push({ template, cpuMs: outcome.cpuMs, kind: outcome.kind });
    report.slowest = report.slowest.sort((left, right) => right.cpuMs - left.cpuMs).slice(0, 5);
    if (isFuzzFailure(outcome)) report.failures.push({ caseIndex, seed, template, outcome });
  }
  return report;
}

export function describeFailure(failure: TemplateFuzzFailure): string {
  const { outcome } = failure;
  return `case ${failure.caseIndex} (seed ${failure.seed}): ${failure.template}\n  → ${outcome.kind}: ${outcome.text.slice(0, 300)} (${Math.round(outcome.cpuMs)} ms CPU)`;
}
