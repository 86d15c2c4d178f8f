// The activity options of a step: its own timeout, retry policy, task queue and a summary
// people can read in the Web UI. Tool, model and agent steps all schedule through here.
import { ActivityCancellationType, patched, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { PipelineActivities } from '../activity-interfaces.js';
import type { StepIR } from '../lang/ir.js';
import { CANCEL_ENDS_STEPS_PATCH } from './cancellation.js';

const HEARTBEAT_TIMEOUT_MS = 30_000;
const SUMMARY_LIMIT = 200;

export function retryPolicyForStep(step: StepIR): RetryPolicy {
  return {
    maximumAttempts: step.retry.max_attempts,
    initialInterval: step.retry.initial_interval_ms,
    backoffCoefficient: step.retry.backoff,
    maximumInterval: step.retry.max_interval_ms,
    nonRetryableErrorTypes: step.retry.non_retryable,
  };
}

/** Activities for one step, with its options and summary. */
export function activitiesForStep(
  step: StepIR,
  summary: string,
  retry: RetryPolicy = retryPolicyForStep(step),
): PipelineActivities {
  return proxyActivities<PipelineActivities>({
    startToCloseTimeout: step.timeout_ms,
    // Activities heartbeat every second: a dead worker's step is retried within this, not the timeout.
    heartbeatTimeout: Math.min(step.timeout_ms, HEARTBEAT_TIMEOUT_MS),
    retry,
    summary: oneLine(summary),
    // A cancelled run waits until the activity has really stopped (its sandboxed processes
    // dead, its request aborted) before it reports the step cancelled.
    cancellationType: patched(CANCEL_ENDS_STEPS_PATCH)
      ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
      : ActivityCancellationType.TRY_CANCEL,
    ...(step.task_queue ? { taskQueue: step.task_queue } : {}),
  });
}

/** A summary on one line, cut to what the Web UI shows. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 3)}...` : line;
}
