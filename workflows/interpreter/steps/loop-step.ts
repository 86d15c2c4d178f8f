// `while` (checked before each iteration) and `until` (checked after), bounded by
// `max_iterations`; reaching the bound ends the loop normally with completed: false. In the
// conditions and the body, `<loop id>.iteration` counts from 0 and a body step's id means its
// value in the latest iteration in which it ran. The loop pauses between iterations when the
// run drains for continue-as-new.
import { ActivityFailure } from '@temporalio/workflow';
import { TemplateError, isTruthy, renderValue } from '../../lang/expr/index.js';
import type { LoopStepIR } from '../../lang/ir.js';
import { autoFailure, evaluateUnlessAuto, type Evaluation } from '../auto-conditions.js';
import { cancelRequested } from '../cancellation.js';
import { childFrame, type Frame, type InterpreterContext } from '../context.js';
import { templateFailure } from '../failures.js';
import type { LoopState, StepState } from '../run-state.js';
import { templateScope } from '../scope.js';
import { cancelledLoop, finishedLoop, newLoopState } from './loop-values.js';

export async function executeLoopStep(step: LoopStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const loop: LoopState = frame.state[step.id]?.loop ?? newLoopState();
  try {
    loop.max_iterations ??= maxIterations(step, frame, context);
    for (;;) {
      const index = loop.iteration;
      const inProgress = loop.each[index] !== undefined && !loop.done.includes(index);
      if (!inProgress) {
        if (cancelRequested()) return cancelledLoop(step.steps, loop);
        if (step.while !== undefined) {
          const check = condition(step.while, 'while', step, loop, frame, context);
          if (!isTruthy('value' in check ? check.value : await check.awaiting))
            return finishedLoop(step.steps, loop, true);
        }
        if (index >= loop.max_iterations) return finishedLoop(step.steps, loop, false);
        if (context.draining()) return { status: 'running', loop };
        loop.each[index] = {};
      }
      const body = childFrame(
        loopFrame(step, loop, frame),
        loop.each[index]!,
        `${frame.path}${step.id}[${index}].`,
        {},
      );
      const outcome = await context.runList(step.steps, body);
      if (outcome.cancelled) return cancelledLoop(step.steps, loop);
      if (outcome.paused) return { status: 'running', loop };
      loop.done.push(index);
      for (const [id, state] of Object.entries(loop.each[index]!))
        if (state.status !== 'pending' && state.status !== 'cancelled') loop.latest[id] = state;
      loop.iteration = index + 1;
      context.changed();
      if (outcome.stoppedBy !== undefined) return finishedLoop(step.steps, loop, false, index);
      if (step.until !== undefined) {
        const check = condition(step.until, 'until', step, loop, frame, context);
        if (isTruthy('value' in check ? check.value : await check.awaiting))
          return finishedLoop(step.steps, loop, true);
      }
    }
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(step, error.message);
    if (error instanceof ActivityFailure) return autoFailure(error);
    throw error;
  }
}

/** The frame the body and the conditions see: the loop's iteration and latest body values. */
function loopFrame(step: LoopStepIR, loop: LoopState, frame: Frame): Frame {
  return childFrame(frame, { ...loop.latest }, frame.path, {
    [step.id]: { iteration: loop.iteration, iterations: loop.done.length },
    // py-orc's name for the same count.
    $iteration: loop.iteration,
  });
}

/** A `while`/`until` condition in the loop's frame; an <AUTO> tag in it is asked again before each check. */
function condition(
  expression: string,
  key: 'while' | 'until',
  step: LoopStepIR,
  loop: LoopState,
  frame: Frame,
  context: InterpreterContext,
): Evaluation {
  const target = () => ({
    step,
    path: `${frame.path}${step.id}`,
    pointer: `/${key}[${loop.iteration}]`,
    type: 'boolean' as const,
    answers: (loop.auto ??= {}),
  });
  return evaluateUnlessAuto(expression, templateScope(context, loopFrame(step, loop, frame)), context, target);
}

function maxIterations(step: LoopStepIR, frame: Frame, context: InterpreterContext): number {
  const value =
    typeof step.max_iterations === 'number'
      ? step.max_iterations
      : renderValue(step.max_iterations, templateScope(context, frame), context.templateOptions);
  const count = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw new TemplateError('value', `max_iterations must be a whole number, not ${JSON.stringify(value)}`);
  return count;
}
