// Following a started run until it ends: step changes as they happen, then the result
// document (also for failed, cancelled and timed-out runs).
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { PipelineIR } from '../workflows/lang/ir.js';
import { progressQuery } from '../workflows/messages.js';
import { PIPELINE_FAILED, type ResultDocument, type RunStatus, type StepReport } from '../workflows/result-document.js';

export interface FollowOptions {
  /** Called with each step whose state changed since the last look. */
  onStep?: (id: string, step: StepReport) => void;
  /** Called with every step at each look, and with the final steps (the live view). */
  onProgress?: (steps: Record<string, StepReport>) => void;
  /** Called once when no worker has answered for a while. */
  onNoWorker?: () => void;
  pollIntervalMs?: number;
}

const NO_WORKER_WARNING_MS = 15_000;

export async function followRun(
  handle: WorkflowHandle,
  ir: PipelineIR,
  inputs: Record<string, unknown>,
  options: FollowOptions = {},
): Promise<ResultDocument> {
  const seen = new Map<string, string>();
  let lastSteps: Record<string, StepReport> = {};
  let finished = false;
  const report = (steps: Record<string, StepReport>) => {
    lastSteps = steps;
    options.onProgress?.(steps);
    for (const [id, step] of Object.entries(steps)) {
      const key = `${step.status}:${step.attempts ?? ''}`;
      if (seen.get(id) !== key && step.status !== 'pending') options.onStep?.(id, step);
      seen.set(id, key);
    }
  };
  const startedAt = Date.now();
  let answered = false;
  let warned = false;
  const poll = (async () => {
    while (!finished) {
      try {
        report((await handle.query(progressQuery)).steps);
        answered = true;
      } catch {
        // No worker yet, or closed: the result will tell.
        if (!answered && !warned && Date.now() - startedAt > NO_WORKER_WARNING_MS) {
          warned = true;
          options.onNoWorker?.();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 400));
    }
  })();
  try {
    let document = await resultOf(handle, ir, inputs, () => lastSteps);
    finished = true;
    await poll;
    document = await withFinalSteps(handle, document);
    report(document.steps);
    return document;
  } finally {
    finished = true;
  }
}

/** The run's result document, also when the workflow failed, was cancelled or timed out. */
export async function resultOf(
  handle: WorkflowHandle,
  ir: PipelineIR | undefined,
  inputs: Record<string, unknown>,
  steps: () => Record<string, StepReport> = () => ({}),
): Promise<ResultDocument> {
  try {
    return (await handle.result()) as ResultDocument;
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === PIPELINE_FAILED && cause.details?.[0])
      return cause.details[0] as ResultDocument;
    const status: RunStatus =
      cause instanceof CancelledFailure ? 'cancelled' : cause instanceof TimeoutFailure ? 'timed_out' : 'failed';
    const type =
      cause instanceof ApplicationFailure
        ? (cause.type ?? 'Error')
        : cause instanceof TerminatedFailure
          ? 'Terminated'
          : status === 'timed_out'
            ? 'RunTimeout'
            : status === 'cancelled'
              ? 'Cancelled'
              : 'Error';
    return await closedRunDocument(handle, ir, inputs, steps(), status, {
      type,
      message: cause?.message ?? error.message,
    });
  }
}

async function closedRunDocument(
  handle: WorkflowHandle,
  ir: PipelineIR | undefined,
  inputs: Record<string, unknown>,
  steps: Record<string, StepReport>,
  status: RunStatus,
  error: { type: string; message: string },
): Promise<ResultDocument> {
  const description = await handle.describe();
  const started = description.startTime;
  const closed = description.closeTime ?? new Date();
  return {
    pipeline: { id: ir?.id ?? '', name: ir?.name ?? '', hash: ir?.hash ?? '' },
    run: {
      workflow_id: description.workflowId,
      run_id: description.runId,
      task_queue: description.taskQueue,
      started_at: started.toISOString(),
      completed_at: closed.toISOString(),
      duration_ms: closed.getTime() - started.getTime(),
    },
    status,
    success: false,
    inputs,
    outputs: {},
    steps,
    usage: { model_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    error,
  };
}

const FINAL_QUERY_TIMEOUT_MS = 3_000;

/**
 * A run that ended without building its document (cancelled, timed out, terminated) carries
 * the steps of the last look; a worker replaying the run can tell their final states.
 */
async function withFinalSteps(handle: WorkflowHandle, document: ResultDocument): Promise<ResultDocument> {
  if (document.status === 'completed' || (document.status === 'failed' && document.error?.type !== 'Terminated'))
    return document;
  try {
    const progress = await handle.client.withDeadline(Date.now() + FINAL_QUERY_TIMEOUT_MS, () =>
      handle.query(progressQuery),
    );
    return { ...document, steps: progress.steps };
  } catch {
    // No worker to replay it: the last look stands.
    return document;
  }
}
