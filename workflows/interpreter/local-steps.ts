// Local steps (`execution: 'local'` in the IR): the tool runs as a Temporal local activity on
// the worker running this workflow, so the step costs no server round trip and records one
// marker instead of three events. Temporal's limits shape the design (docs/decisions/0006):
//
// - A local activity holds the workflow task; Core heartbeats the task while it runs, but
//   nothing else of the run is handled meanwhile. So the local attempts of a step share a small
//   budget; a step that runs or retries past it moves on to a regular activity, with the step's
//   own timeout and the attempts it has left. The move is decided from the recorded failure,
//   so a replay makes the same move.
// - A local result becomes a history marker only when the workflow task completes. A worker
//   that dies before that loses the results of that task: the next worker runs those steps
//   again (at least once). A step recorded in history never runs again, and none is recorded
//   twice.
//
// Runs recorded before local steps existed (no patch marker) run every step as an activity.
import {
  ActivityFailure,
  ActivityCancellationType,
  ApplicationFailure,
  TimeoutFailure,
  patched,
  proxyLocalActivities,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { PipelineActivities, ToolCallInput, ToolCallOutput } from '../activity-interfaces.js';
import type { ToolStepIR } from '../lang/ir.js';
import { activitiesForStep, oneLine, retryPolicyForStep } from './activity-options.js';
import { CANCEL_ENDS_STEPS_PATCH } from './cancellation.js';

export const LOCAL_STEPS_PATCH = 'orc-local-steps';

/** The local attempts of one step, together, backoffs included. */
export const LOCAL_BUDGET_MS = 5_000;
/** At most this many attempts run locally; later ones are regular activities. */
export const LOCAL_MAX_ATTEMPTS = 3;
const BUDGET_SPENT = `its local attempts ran past ${LOCAL_BUDGET_MS} ms`;

/** How a tool call ran, for the result document. */
export interface ToolCallRun {
  execution: 'local' | 'activity';
  /** Why a local step moved on to a regular activity. */
  localFallback?: string;
  /** Attempts made locally before the move (known from the failure, else at least one). */
  localAttempts: number;
}

export type ToolCallOutcome = ToolCallRun & ({ output: ToolCallOutput } | { failure: unknown; retry: RetryPolicy });

/** True when the step's tool runs locally: a local step, in a run recorded with local steps. */
export function runsLocally(step: ToolStepIR): boolean {
  // Runs recorded before local steps existed lack the field: no patch is asked for their steps.
  return step.execution === 'local' && patched(LOCAL_STEPS_PATCH);
}

/** Runs a local step's tool call locally, then, past the local budget, as a regular activity. */
export async function callToolLocally(step: ToolStepIR, summary: string, input: ToolCallInput): Promise<ToolCallOutcome> {
  const local = localRetryPolicy(step);
  try {
    const output = await proxyLocalActivities<PipelineActivities>({
      startToCloseTimeout: Math.min(step.timeout_ms, LOCAL_BUDGET_MS),
      scheduleToCloseTimeout: LOCAL_BUDGET_MS,
      // Backoffs inside the budget wait in the worker, not on a server timer.
      localRetryThreshold: LOCAL_BUDGET_MS,
      retry: local,
      summary: oneLine(summary),
      cancellationType: patched(CANCEL_ENDS_STEPS_PATCH)
        ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
        : ActivityCancellationType.TRY_CANCEL,
    }).runTool(input);
    return { execution: 'local', localAttempts: output.attempt, output };
  } catch (failure) {
    const { fallback, attempts } = failedLocally(failure, step, local);
    if (fallback === undefined) return { execution: 'local', localAttempts: attempts, failure, retry: local };
    return { ...(await regularCall(step, summary, input, attempts)), localFallback: fallback };
  }
}

async function regularCall(
  step: ToolStepIR,
  summary: string,
  input: ToolCallInput,
  localAttempts: number,
): Promise<ToolCallOutcome> {
  const retry = retryPolicyForStep(step);
  // The regular activity makes only the attempts the step has left.
  if (retry.maximumAttempts) retry.maximumAttempts = retry.maximumAttempts - localAttempts;
  try {
    const output = await activitiesForStep(step, summary, retry).runTool(input);
    return { execution: 'activity', localAttempts, output };
  } catch (failure) {
    return { execution: 'activity', localAttempts, failure, retry };
  }
}

/** The step's own policy, capped to what may run locally. */
function localRetryPolicy(step: ToolStepIR): RetryPolicy {
  const policy = retryPolicyForStep(step);
  const cap = policy.maximumAttempts ? Math.min(policy.maximumAttempts, LOCAL_MAX_ATTEMPTS) : LOCAL_MAX_ATTEMPTS;
  return { ...policy, maximumAttempts: cap };
}

/**
 * What a failed local call means: the step's own failure (not retryable, cancelled, or every
 * attempt it may make made), or a move to a regular activity because the local budget or the
 * local attempts ran out while the step has more. A local activity that used up its attempts
 * fails with the tool's own failure, which carries its attempt; a timed-out budget does not
 * say how many attempts ran (at least one).
 */
function failedLocally(failure: unknown, step: ToolStepIR, local: RetryPolicy): { fallback?: string; attempts: number } {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  const allowed = step.retry.max_attempts;
  const localCap = local.maximumAttempts ?? LOCAL_MAX_ATTEMPTS;
  const attemptsFailed = (made: number) =>
    made >= allowed ? { attempts: made } : { attempts: made, fallback: `${made} local attempts failed and the step has more` };
  if (cause instanceof ApplicationFailure) {
    const made = (cause.details?.[0] as { attempt?: number | null } | undefined)?.attempt ?? 1;
    if (cause.nonRetryable || step.retry.non_retryable.includes(cause.type ?? '')) return { attempts: made };
    if (made >= localCap) return attemptsFailed(made);
    return made >= allowed ? { attempts: made } : { attempts: made, fallback: BUDGET_SPENT };
  }
  if (cause instanceof TimeoutFailure) {
    // Every attempt ran into the step's own timeout, or the budget ran out meanwhile.
    if (cause.timeoutType === 'START_TO_CLOSE') return attemptsFailed(localCap);
    return { attempts: 1, fallback: BUDGET_SPENT };
  }
  return { attempts: 1 };
}
