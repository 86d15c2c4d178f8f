// `for_each`: the body once per item, with at most `max_parallel` iterations running at any
// moment. When an iteration fails, the running ones finish, no new one starts, and the loop
// fails. While draining for continue-as-new, no new iteration starts and the loop pauses,
// keeping which iterations are done. When the run is cancelled, no new iteration starts, the
// running ones end and the loop is cancelled.
import { ActivityFailure } from '@temporalio/workflow';
import { cancelRequested, waitForChange } from '../cancellation.js';
import { TemplateError, evaluateExpression } from '../../lang/expr/index.js';
import { autoFailure, evaluateWithAuto } from '../auto-conditions.js';
import type { ForEachStepIR } from '../../lang/ir.js';
import { childFrame, type Frame, type InterpreterContext } from '../context.js';
import { templateFailure } from '../execute-step.js';
import { runList } from '../run-list.js';
import type { LoopState, StepState } from '../run-state.js';
import { templateScope } from '../scope.js';
import { cancelledLoop, finishedLoop, newLoopState } from './loop-values.js';

export async function executeForEachStep(step: ForEachStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const loop: LoopState = frame.state[step.id]?.loop ?? newLoopState();
  if (!loop.items) {
    let items: unknown;
    try {
      const target = { step, path: `${frame.path}${step.id}`, pointer: '/items', type: 'list' as const, answers: (loop.auto ??= {}) };
      // Without <AUTO>, synchronously: an extra await would break the replay of older runs.
      items = step.items.includes('<AUTO') ? await evaluateWithAuto(step.items, templateScope(context, frame), context, target) : evaluateExpression(step.items, templateScope(context, frame), { now: context.now });
    } catch (error) {
      if (error instanceof TemplateError) return templateFailure(step, `for_each: ${error.message}`);
      if (error instanceof ActivityFailure) return autoFailure(error);
      throw error;
    }
    if (!Array.isArray(items)) return templateFailure(step, `for_each must give a list, not ${items === null ? 'none' : typeof items}`);
    loop.items = items;
  }
  const items = loop.items;
  let running = 0;
  let failedIteration: number | undefined;
  let paused = false;
  let wake = false;
  const bugs: unknown[] = [];
  const runIteration = async (index: number) => {
    const item = items[index];
    const variables = { [step.as]: item, $item: item, index, $index: index, $is_first: index === 0, $is_last: index === items.length - 1 };
    loop.each[index] ??= {};
    const outcome = await runList(step.steps, childFrame(frame, loop.each[index]!, `${frame.path}${step.id}[${index}].`, variables), context);
    if (outcome.paused) paused = true;
    else if (!outcome.cancelled) loop.done.push(index);
    if (outcome.stoppedBy !== undefined) failedIteration ??= index;
  };
  const started = new Set<number>(loop.done);
  for (;;) {
    if (bugs.length > 0) throw bugs[0];
    while (running < step.max_parallel && failedIteration === undefined && !context.draining() && !cancelRequested()) {
      const next = items.findIndex((_item, index) => !started.has(index));
      if (next === -1) break;
      started.add(next);
      running++;
      const settled = () => {
        running--;
        wake = true;
        context.changed();
      };
      void runIteration(next).then(settled, (error: unknown) => {
        bugs.push(error);
        settled();
      });
    }
    if (running === 0) break;
    await waitForChange(() => wake);
    wake = false;
  }
  if (bugs.length > 0) throw bugs[0];
  if (cancelRequested() && loop.done.length < items.length) return cancelledLoop(step.steps, loop);
  if (failedIteration !== undefined) return finishedLoop(step.steps, loop, false, failedIteration);
  if (paused || loop.done.length < items.length) return { status: 'running', loop };
  return finishedLoop(step.steps, loop, true);
}
