// Rendering a step's values and its summary just before it runs; a template error fails the
// step (not retried) before it has any side effect.
import { renderTemplate, renderValue } from '../../lang/expr/index.js';
import type { StepIR } from '../../lang/ir.js';
import type { Frame, InterpreterContext } from '../context.js';
import { renderOrFail } from '../failures.js';
import type { StepState } from '../run-state.js';
import { templateScope } from '../scope.js';

export function renderStepValues(
  step: StepIR,
  values: unknown,
  frame: Frame,
  context: InterpreterContext,
  fallbackSummary: (rendered: unknown) => string,
): { value: unknown; summary: string } | { failure: StepState } {
  const scope = templateScope(context, frame);
  const rendered = renderOrFail(step, () => {
    const value = renderValue(values, scope, context.templateOptions);
    const summary = step.summary
      ? `${frame.path}${renderTemplate(step.summary, scope, context.templateOptions)}`
      : fallbackSummary(value);
    return { value, summary };
  });
  return 'failure' in rendered ? rendered : rendered.value;
}
