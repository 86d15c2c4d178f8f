// What the interpreter of this version can run. The language compiles more (docs/
// pipeline-language.md); a pipeline using the rest is refused before a run starts, with the
// list of what is missing, instead of failing halfway.
import type { PipelineIR, StepIR } from './ir.js';

export function unsupportedFeatures(ir: PipelineIR): string[] {
  const found = new Set<string>();
  const visit = (steps: readonly StepIR[]) => {
    for (const step of steps) {
      if (step.kind !== 'tool') found.add(`step "${step.id}": ${step.kind === 'model' ? 'model steps' : step.kind === 'for_each' || step.kind === 'loop' ? 'loops' : step.kind === 'pipeline' ? 'sub-pipelines' : step.kind === 'approval' ? 'approvals' : 'waits'}`);
      if (step.if !== undefined) found.add(`step "${step.id}": conditions (if/condition)`);
      if (step.on_success || step.on_false || typeof step.on_failure === 'object') found.add(`step "${step.id}": routing (on_success/on_false/on_failure: <step>)`);
      if (step.on_error) found.add(`step "${step.id}": on_error handlers`);
      if (step.auto_tags?.length) found.add(`step "${step.id}": runtime <AUTO> tags`);
      if (JSON.stringify(step).includes('secrets.')) found.add(`step "${step.id}": secrets`);
      if ('steps' in step) visit(step.steps);
    }
  };
  visit(ir.steps);
  if (ir.budget) found.add('budget');
  return [...found];
}
