// Cancelling a run ends every step that is running — an activity is cancelled and awaited
// until it has really stopped, a timer or an approval stops waiting, a child pipeline cancels
// itself — then marks the steps that never started as cancelled, and only then does the run
// end as cancelled. Runs recorded before this behaviour (no patch marker) keep the old one, so
// their histories still replay.
import { CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import { ERROR_TYPES } from '../activity-interfaces.js';
import type { StepState } from './run-state.js';

/** The patch that guards the cancellation behaviour; a history without it replays as before. */
export const CANCEL_ENDS_STEPS_PATCH = 'orc-cancel-ends-steps';

/**
 * Waits until `ready` holds. A cancel request does not interrupt the wait (running steps must
 * be waited for, they end soon after the request); in a run recorded before this behaviour,
 * it throws as it used to.
 */
export async function waitForChange(ready: () => boolean): Promise<void> {
  if (!cancelRequested()) {
    try {
      // The plain wait first: it is what uncancelled runs have always recorded.
      await condition(ready);
      return;
    } catch (error) {
      if (!isCancellation(error)) throw error;
    }
  }
  // Before the patch, the wait rejected with the cancellation and the run ended at once.
  if (!patched(CANCEL_ENDS_STEPS_PATCH)) return await condition(ready);
  await CancellationScope.nonCancellable(() => condition(ready));
}

/** True once the run has been asked to cancel: start nothing new. */
export function cancelRequested(): boolean {
  return CancellationScope.current().consideredCancelled;
}

/**
 * A step whose wait (timer, approval, budget pause) or call was interrupted by cancellation
 * ends as cancelled; in a run recorded before this behaviour, the error goes on as before.
 */
export function cancelledOrThrow(error: unknown, what = 'the step was cancelled'): StepState {
  if (isCancellation(error) && patched(CANCEL_ENDS_STEPS_PATCH)) return cancelledStep(what);
  throw error;
}

export function cancelledStep(message = 'the step was cancelled'): StepState {
  return { status: 'cancelled', error: { type: ERROR_TYPES.cancelled, message } };
}
