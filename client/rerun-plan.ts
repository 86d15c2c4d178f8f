// What a rerun runs live whatever the source recorded: with `--from STEP`, that step and every
// step that depends on it; with `--file`, the steps the edit changed and every step that
// depends on them. Everything else may be answered from the source run where its calls match
// (the fingerprints decide, in the workflow). Pure: compiled pipelines in, step ids out.
import { canonicalJson } from '../workflows/call-fingerprint.js';
import type { PipelineIR, StepIR } from '../workflows/lang/ir.js';
import { closestMatch } from '../workflows/lang/expr/index.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Keys that change how a step is run or reported, not what its calls are asked: retries,
 * timeouts, its queue, its name and summary, where it stands in the file, routing and handlers
 * (a handler runs only after a failure, and a failed step has nothing to reuse).
 */
const NOT_WHAT_IT_ASKS = new Set([
  'location',
  'timeout_ms',
  'retry',
  'task_queue',
  'summary',
  'name',
  'description',
  'depends_on',
  'on_failure',
  'on_success',
  'on_false',
  'on_error',
]);

export interface RerunPlan {
  /** Top-level steps of the new pipeline that run live. */
  live: string[];
  /** Of those, the steps the edit changed (or added). */
  changed: string[];
}

export function planRerun(source: PipelineIR, target: PipelineIR, from: string | undefined): RerunPlan {
  const changed = source === target ? [] : changedSteps(source, target);
  const roots = new Set(changed);
  if (from !== undefined) roots.add(checkedStep(target, from));
  const live = dependentsOf(target, roots);
  return { live: target.steps.map((step) => step.id).filter((id) => live.has(id)), changed };
}

/** Top-level steps of `target` that `source` lacks or asks differently. */
export function changedSteps(source: PipelineIR, target: PipelineIR): string[] {
  const before = new Map(source.steps.map((step) => [step.id, comparable(step, source)]));
  return target.steps.filter((step) => before.get(step.id) !== comparable(step, target)).map((step) => step.id);
}

/** The steps and every step that depends on them, directly or not. */
export function dependentsOf(ir: PipelineIR, roots: ReadonlySet<string>): Set<string> {
  const reached = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const step of ir.steps)
      if (!reached.has(step.id) && step.depends_on.some((id) => reached.has(id))) {
        reached.add(step.id);
        grew = true;
      }
  }
  return reached;
}

function checkedStep(ir: PipelineIR, step: string): string {
  if (ir.steps.some((candidate) => candidate.id === step)) return step;
  const enclosing = ir.steps.find((candidate) => containsStep(candidate, step));
  if (enclosing)
    throw new CliError(
      `--from ${step}: "${step}" is a step inside "${enclosing.id}"; --from takes a step of the top level`,
      EXIT.invalid,
      `orc rerun … --from ${enclosing.id}`,
    );
  const suggestion = closestMatch(
    step,
    ir.steps.map((candidate) => candidate.id),
  );
  throw new CliError(
    `--from ${step}: pipeline "${ir.id}" has no step "${step}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    EXIT.invalid,
    `its steps: ${ir.steps.map((candidate) => candidate.id).join(', ')}`,
  );
}

function containsStep(step: StepIR, id: string): boolean {
  const inner = [
    ...('steps' in step ? step.steps : []),
    ...(step.on_error && 'steps' in step.on_error ? step.on_error.steps : []),
  ];
  return inner.some((candidate) => candidate.id === id || containsStep(candidate, id));
}

/** A step as text, without what does not change its calls; a model step with the model it really uses. */
function comparable(step: StepIR, ir: PipelineIR): string {
  return canonicalJson(stripped(step, ir));
}

function stripped(step: StepIR, ir: PipelineIR): Record<string, unknown> {
  const kept: Record<string, unknown> = Object.fromEntries(
    Object.entries(step).filter(([key]) => !NOT_WHAT_IT_ASKS.has(key)),
  );
  if (step.kind === 'model') kept.model = step.model ?? ir.defaults?.model ?? ir.model ?? null;
  if (step.kind === 'for_each' || step.kind === 'loop') kept.steps = step.steps.map((inner) => stripped(inner, ir));
  if (step.kind === 'pipeline')
    kept.pipeline = {
      ...step.pipeline,
      hash: '',
      source_file: '',
      steps: step.pipeline.steps.map((inner) => stripped(inner, step.pipeline)),
    };
  return kept;
}
