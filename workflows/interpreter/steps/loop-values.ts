// What a finished loop reports: `result` is each iteration's last body step result (last in
// the body's list order), `each` every body step's value, `iterations` the count.
import type { StepIR } from '../../lang/ir.js';
import { ERROR_TYPES } from '../../activity-interfaces.js';
import { stepReport, type LoopState, type StepState } from '../run-state.js';

export function finishedLoop(
  steps: readonly StepIR[],
  loop: LoopState,
  completed: boolean,
  failedIteration?: number,
): StepState {
  const indexes = Object.keys(loop.each)
    .map(Number)
    .sort((left, right) => left - right);
  const lastId = steps[steps.length - 1]?.id;
  const result = indexes.map((index) => (lastId ? (loop.each[index]?.[lastId]?.result ?? null) : null));
  const each = indexes.map((index) =>
    Object.fromEntries(Object.entries(loop.each[index] ?? {}).map(([id, state]) => [id, stepReport(state)])),
  );
  const extra = {
    iterations: indexes.length,
    each,
    completed,
    ...(loop.auto && Object.keys(loop.auto).length ? { auto: loop.auto } : {}),
  };
  if (failedIteration !== undefined) {
    const failed = Object.entries(loop.each[failedIteration] ?? {}).find(
      ([, state]) => state.status === 'failed' || state.status === 'cancelled',
    );
    const message = failed
      ? `iteration ${failedIteration}, step "${failed[0]}": ${failed[1].error?.type ?? 'Error'}: ${failed[1].error?.message ?? ''}`
      : `iteration ${failedIteration} failed`;
    return {
      status: 'failed',
      attempts: 1,
      result,
      error: { type: failed?.[1].error?.type ?? ERROR_TYPES.loopError, message },
      extra,
    };
  }
  return { status: 'completed', attempts: 1, result, extra };
}

/** A loop the run's cancellation stopped: what it did so far, and `cancelled`. */
export function cancelledLoop(steps: readonly StepIR[], loop: LoopState): StepState {
  const finished = finishedLoop(steps, loop, false);
  return {
    ...finished,
    status: 'cancelled',
    error: { type: ERROR_TYPES.cancelled, message: `the loop was cancelled after ${loop.done.length} iteration(s)` },
  };
}

export function newLoopState(): LoopState {
  return { iteration: 0, done: [], each: {}, latest: {} };
}
