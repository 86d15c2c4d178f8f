// What the interpreter of this version can run. The language compiles more (docs/
// pipeline-language.md); a pipeline using the rest is refused before a run starts, with the
// list of what is missing, instead of failing halfway.
import type { PipelineIR, StepIR } from './ir.js';

export function unsupportedFeatures(ir: PipelineIR): string[] {
  const found = new Set<string>();
  const visit = (steps: readonly StepIR[]) => {
    for (const step of steps) {
      if ('steps' in step) visit(step.steps);
      if (step.on_error && 'steps' in step.on_error) visit(step.on_error.steps);
      if (step.kind === 'pipeline')
        unsupportedFeatures(step.pipeline).forEach((feature) => found.add(`sub-pipeline "${step.id}": ${feature}`));
    }
  };
  visit(ir.steps);
  return [...found];
}
