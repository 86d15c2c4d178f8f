// Local steps (`execution: 'local'` in the IR): the tool runs as a Temporal local activity on
// the worker running this workflow, so the step costs no server round trip and records one
// marker instead of three events. Temporal's limits shape the design (docs/decisions/0011):
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
import {
  ERROR_TYPES,
  type PipelineActivities,
  type ToolCallInput,
  type ToolCallOutput,
} from '../activity-interfaces.js';
import type { ToolStepIR } from '../lang/ir.js';
import { activitiesForStep, oneLine, retryPolicyForStep } from './activity-options.js';
import { CANCEL_ENDS_STEPS_PATCH } from './cancellation.js';

export const LOCAL_STEPS_PATCH = 'orc-local-steps';

/** The local attempts of one step, together, backoffs included. */
export const LOCAL_BUDGET_MS = 5_000;
/** At most this many attempts run locally; later ones are regular activities. */
export const LOCAL_MAX_ATTEMPTS = 3;
const BUDGET_SPENT = `its local attempts ran past ${LOCAL_BUDGET_MS} ms`;
const WORKER_STOPPING = 'its worker was shutting down';

/** How a tool call ran, for the result document. */
export interface ToolCallRun {
  execution: 'local' | 'activity';
  /** Why a local step moved on to a regular activity. */
  localFallback?: string;
  /** Attempts made locally before the move (known from the failure, else at least one). */
  localAttempts: number;
}

export type ToolCallOutcome = ToolCallRun & ({ output: ToolCallOutput } | { failure: unknown; retry: RetryPolicy });

/** What a failed local call means: the step's own end, or a move with the attempts it used. */
interface LocalVerdict {
  /** Attempts that ran locally, shown in the result document. */
  attempts: number;
  /** Attempts the step's retry policy counts as spent (an attempt cut by the budget is not). */
  spent: number;
  fallback?: string;
}

/** True when the step's tool runs locally: a local step, in a run recorded with local steps. */
export function runsLocally(step: ToolStepIR): boolean {
  // Runs recorded before local steps existed lack the field: no patch is asked for their steps.
  return step.execution === 'local' && patched(LOCAL_STEPS_PATCH);
}

/** Runs a local step's tool call locally, then, past the local budget, as a regular activity. */
export async function callToolLocally(
  step: ToolStepIR,
  summary: string,
  input: ToolCallInput,
): Promise<ToolCallOutcome> {
  const local = localRetryPolicy(step);
  try {
    const output = await proxyLocalActivities<PipelineActivities>({
      // The budget bounds every attempt and backoff together; a step's own shorter timeout
      // bounds each attempt. Two equal timeouts would race, and the failure could not tell
      // the budget from the step's timeout.
      scheduleToCloseTimeout: LOCAL_BUDGET_MS,
      ...(step.timeout_ms < LOCAL_BUDGET_MS ? { startToCloseTimeout: step.timeout_ms } : {}),
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
    const verdict = failedLocally(failure, step, local);
    if (verdict.fallback === undefined)
      return { execution: 'local', localAttempts: verdict.attempts, failure, retry: local };
    return { ...(await regularCall(step, summary, input, verdict)), localFallback: verdict.fallback };
  }
}

async function regularCall(
  step: ToolStepIR,
  summary: string,
  input: ToolCallInput,
  local: LocalVerdict,
): Promise<ToolCallOutcome> {
  const retry = retryPolicyForStep(step);
  // The regular activity makes the attempts the step has left (at least one).
  if (retry.maximumAttempts) retry.maximumAttempts = Math.max(1, retry.maximumAttempts - local.spent);
  try {
    const output = await activitiesForStep(step, summary, retry).runTool(input);
    return { execution: 'activity', localAttempts: local.attempts, output };
  } catch (failure) {
    return { execution: 'activity', localAttempts: local.attempts, failure, retry };
  }
}

/** The step's own policy, capped to what may run locally; a stopping worker moves on at once. */
function localRetryPolicy(step: ToolStepIR): RetryPolicy {
  const policy = retryPolicyForStep(step);
  const cap = policy.maximumAttempts ? Math.min(policy.maximumAttempts, LOCAL_MAX_ATTEMPTS) : LOCAL_MAX_ATTEMPTS;
  const nonRetryable = [...(policy.nonRetryableErrorTypes ?? []), ERROR_TYPES.workerShuttingDown];
  return { ...policy, maximumAttempts: cap, nonRetryableErrorTypes: nonRetryable };
}

/**
 * What a failed local call means: the step's own failure (not retryable, cancelled, or every
 * attempt it may make made), or a move to a regular activity because the local budget or the
 * local attempts ran out while the step has more. A tool's failure carries its attempt; a
 * timeout does not say how many attempts ran.
 */
function failedLocally(failure: unknown, step: ToolStepIR, local: RetryPolicy): LocalVerdict {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  const allowed = step.retry.max_attempts;
  const localCap = local.maximumAttempts ?? LOCAL_MAX_ATTEMPTS;
  const failedAttempts = (made: number): LocalVerdict =>
    made >= allowed || made < localCap
      ? { attempts: made, spent: made, ...(made >= allowed ? {} : { fallback: BUDGET_SPENT }) }
      : { attempts: made, spent: made, fallback: `${made} local attempts failed and the step has more` };
  if (cause instanceof ApplicationFailure) {
    const made = (cause.details?.[0] as { attempt?: number | null } | undefined)?.attempt ?? 1;
    // The tool did not run on that attempt: it does not count.
    if (cause.type === ERROR_TYPES.workerShuttingDown)
      return { attempts: made - 1, spent: made - 1, fallback: WORKER_STOPPING };
    if (cause.nonRetryable || step.retry.non_retryable.includes(cause.type ?? ''))
      return { attempts: made, spent: made };
    return failedAttempts(made);
  }
  if (cause instanceof TimeoutFailure) {
    // START_TO_CLOSE is the step's own timeout (set only below the budget), on the last local
    // attempt. Past the budget (SCHEDULE_TO_CLOSE) an attempt was cut short: the step did not
    // fail it, so the regular activity still gets the attempts the step allows.
    if (cause.timeoutType === 'START_TO_CLOSE') return failedAttempts(localCap);
    return { attempts: 1, spent: 0, fallback: BUDGET_SPENT };
  }
  return { attempts: 1, spent: 1 };
}
