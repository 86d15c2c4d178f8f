// on_error handler steps: run after a step's final failure with `error` in their scope. When
// they all succeed, the failure counts as handled: dependents run, the run stays successful.
import type { StepIR } from '../lang/ir.js';
import { childFrame, type Frame, type InterpreterContext } from './context.js';
import { isSuccessful, type StepState } from './run-state.js';

export async function runHandlers(
  step: StepIR,
  handlers: readonly StepIR[],
  failure: StepState,
  frame: Frame,
  context: InterpreterContext,
): Promise<boolean> {
  const error = { type: failure.error?.type ?? 'Error', message: failure.error?.message ?? '', step: step.id };
  const handlerFrame = childFrame(frame, {}, `${frame.path}${step.id}.on_error.`, { error });
  const outcome = await context.runList(handlers, handlerFrame);
  // Handler states are kept beside the failed step, so the result document shows them.
  for (const [id, state] of Object.entries(handlerFrame.state)) frame.state[id] = state;
  return outcome.stoppedBy === undefined && !outcome.paused && Object.values(handlerFrame.state).every(isSuccessful);
}
