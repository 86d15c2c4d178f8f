// `wait`: a durable timer, for a duration or until a time.
import { sleep } from '@temporalio/workflow';
import { renderTemplate } from '../../lang/expr/index.js';
import type { WaitStepIR } from '../../lang/ir.js';
import { cancelledOrThrow } from '../cancellation.js';
import type { Frame, InterpreterContext } from '../context.js';
import { renderOrFail, templateFailure } from '../failures.js';
import type { StepState } from '../run-state.js';
import { templateScope } from '../scope.js';

export async function executeWaitStep(step: WaitStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  let milliseconds = step.duration_ms ?? 0;
  if (step.until !== undefined) {
    const rendered = renderOrFail(step, () =>
      renderTemplate(step.until!, templateScope(context, frame), context.templateOptions).trim(),
    );
    if ('failure' in rendered) return rendered.failure;
    const text = rendered.value;
    const target = Date.parse(text);
    if (Number.isNaN(target))
      return templateFailure(step, `wait until "${text}": not an ISO date and time (e.g. 2026-12-01T09:00:00Z)`);
    milliseconds = Math.max(0, target - context.clock());
  }
  if (milliseconds > 0) {
    try {
      await sleep(milliseconds);
    } catch (error) {
      // Cancelled: the timer is cancelled with the run, and the step ends as cancelled.
      return cancelledOrThrow(error, 'the wait was cancelled');
    }
  }
  return { status: 'completed', result: { waited_ms: milliseconds } };
}
