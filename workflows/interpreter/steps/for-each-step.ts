// `for_each`: the body once per item, with at most `max_parallel` iterations running at any
// moment. When an iteration fails, the running ones finish, no new one starts, and the loop
// fails. While draining for continue-as-new, no new iteration starts and the loop pauses,
// keeping which iterations are done. When the run is cancelled, no new iteration starts, the
// running ones end and the loop is cancelled.
import { ActivityFailure } from '@temporalio/workflow';
import { TemplateError } from '../../lang/expr/index.js';
import type { ForEachStepIR } from '../../lang/ir.js';
import { autoFailure, evaluateUnlessAuto } from '../auto-conditions.js';
import { cancelRequested } from '../cancellation.js';
import { childFrame, type Frame, type InterpreterContext } from '../context.js';
import { templateFailure } from '../failures.js';
import type { LoopState, StepState } from '../run-state.js';
import { templateScope } from '../scope.js';
import { StepScheduler } from '../step-scheduler.js';
import { cancelledLoop, finishedLoop, newLoopState } from './loop-values.js';

export async function executeForEachStep(
  step: ForEachStepIR,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  const loop: LoopState = frame.state[step.id]?.loop ?? newLoopState();
  if (!loop.items) {
    let items: unknown;
    try {
      const target = () => ({
        step,
        path: `${frame.path}${step.id}`,
        pointer: '/items',
        type: 'list' as const,
        answers: (loop.auto ??= {}),
      });
      const evaluation = evaluateUnlessAuto(step.items, templateScope(context, frame), context, target);
      items = 'value' in evaluation ? evaluation.value : await evaluation.awaiting;
    } catch (error) {
      if (error instanceof TemplateError) return templateFailure(step, `for_each: ${error.message}`);
      if (error instanceof ActivityFailure) return autoFailure(error);
      throw error;
    }
    if (!Array.isArray(items))
      return templateFailure(step, `for_each must give a list, not ${items === null ? 'none' : typeof items}`);
    loop.items = items;
  }
  const items = loop.items;
  let failedIteration: number | undefined;
  let paused = false;
  const runIteration = async (index: number) => {
    const item = items[index];
    const variables = {
      [step.as]: item,
      $item: item,
      index,
      $index: index,
      $is_first: index === 0,
      $is_last: index === items.length - 1,
    };
    loop.each[index] ??= {};
    const outcome = await context.runList(
      step.steps,
      childFrame(frame, loop.each[index]!, `${frame.path}${step.id}[${index}].`, variables),
    );
    if (outcome.paused) paused = true;
    else if (!outcome.cancelled) loop.done.push(index);
    if (outcome.stoppedBy !== undefined) failedIteration ??= index;
  };
  const started = new Set<number>(loop.done);
  // Iterations start in index order: a cursor, not a search from the start for every one.
  let cursor = 0;
  const nextUnstarted = () => {
    while (cursor < items.length && started.has(cursor)) cursor++;
    return cursor < items.length ? cursor : -1;
  };
  const scheduler = new StepScheduler();
  await scheduler.drain(() => {
    while (
      scheduler.running < step.max_parallel &&
      failedIteration === undefined &&
      !context.draining() &&
      !cancelRequested()
    ) {
      const next = nextUnstarted();
      if (next === -1) break;
      started.add(next);
      scheduler.start(
        () => runIteration(next),
        () => context.changed(),
        rethrow,
      );
    }
  });
  if (cancelRequested() && loop.done.length < items.length) return cancelledLoop(step.steps, loop);
  if (failedIteration !== undefined) return finishedLoop(step.steps, loop, false, failedIteration);
  if (paused || loop.done.length < items.length) return { status: 'running', loop };
  return finishedLoop(step.steps, loop, true);
}

/** An iteration's list handles its own failures and cancellation: what reaches here is a bug. */
function rethrow(error: unknown): never {
  throw error;
}
