// The activity options of a step: its own timeout, retry policy, task queue and a summary
// people can read in the Web UI. Tool, model and agent steps all schedule through here.
import { ActivityCancellationType, patched, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { PipelineActivities } from '../activity-interfaces.js';
import { providerTaskQueue, type PipelineIR, type StepIR } from '../lang/ir.js';
import { CANCEL_ENDS_STEPS_PATCH } from './cancellation.js';

/** Runs compiled with a provider's `rate_limit` send its calls to the provider's own task queue. */
export const PROVIDER_QUEUES_PATCH = 'orc-provider-task-queues';

const SUMMARY_LIMIT = 200;

// Every activity heartbeats each second and the worker sends one on at least every 2 s
// (workers/create-worker.ts), so a killed worker's step waits about its heartbeat timeout for
// its retry. Model calls and sandboxed code only wait on the network or another process: 5 s.
// Other tools may compute on the worker's event loop for a while (a large data-processing step)
// and a false timeout runs a step twice: 6 s, which lets the loop stall 4 s. Either way the
// retry comes within 10 s of the kill (docs/reliability.md).
const WAITING_HEARTBEAT_TIMEOUT_MS = 5_000;
const COMPUTING_HEARTBEAT_TIMEOUT_MS = 6_000;
const SANDBOX_TOOLS: ReadonlySet<string> = new Set(['terminal', 'python-executor', 'code']);

/** What an activity runs, for its heartbeat timeout: a model call or a tool by name. */
export type ActivityWork = 'model' | { tool: string };

export function heartbeatTimeoutMs(work: ActivityWork): number {
  if (work === 'model' || SANDBOX_TOOLS.has(work.tool)) return WAITING_HEARTBEAT_TIMEOUT_MS;
  return COMPUTING_HEARTBEAT_TIMEOUT_MS;
}

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
  work: ActivityWork = step.kind === 'tool' ? { tool: step.tool } : 'model',
  taskQueue: string | undefined = step.task_queue,
): PipelineActivities {
  return proxyActivities<PipelineActivities>({
    startToCloseTimeout: step.timeout_ms,
    // A dead worker's step is retried after this, not after the step's own timeout.
    heartbeatTimeout: Math.min(step.timeout_ms, heartbeatTimeoutMs(work)),
    retry,
    summary: oneLine(summary),
    // A cancelled run waits until the activity has really stopped (its sandboxed processes
    // dead, its request aborted) before it reports the step cancelled.
    cancellationType: patched(CANCEL_ENDS_STEPS_PATCH)
      ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
      : ActivityCancellationType.TRY_CANCEL,
    ...(taskQueue ? { taskQueue } : {}),
  });
}

/**
 * The task queue of a call to `model` (`provider:name`): the provider's own (or the one it shares
 * with entries of the same key) when the run was compiled with a rate limit for it, else the step's. A bare registry name has no provider here
 * and stays on the step's queue.
 */
export function modelTaskQueue(step: StepIR, model: string, ir: PipelineIR, runQueue: string): string | undefined {
  const colon = model.indexOf(':');
  const provider = colon > 0 ? model.slice(0, colon) : undefined;
  if (!provider || !ir.rate_limited_providers?.includes(provider)) return step.task_queue;
  if (!patched(PROVIDER_QUEUES_PATCH)) return step.task_queue;
  return providerTaskQueue(step.task_queue ?? runQueue, ir.provider_queues?.[provider] ?? provider);
}

/** A summary on one line, cut to what the Web UI shows. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 3)}...` : line;
}
