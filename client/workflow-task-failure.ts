// Why a running run makes no progress although a worker polls: its workflow task fails (the
// workflow's code threw, or it is not deterministic for this worker). Temporal records the
// first failure in the history and then retries the task silently, counting attempts.
import type { WorkflowExecutionDescription } from '@temporalio/client';
import protos from '@temporalio/proto';
import type { Engine } from './connect.js';

export interface WorkflowTaskFailure {
  /** The failure's first line, as the worker reported it. */
  message: string;
  /** How many times the task has been tried (1 when only the recorded failure is known). */
  attempt: number;
}

const EventType = protos.temporal.api.enums.v1.EventType;
const EVENTS_TO_READ = 50;

/** The failure of the run's workflow task when its latest attempt failed; otherwise undefined. */
export async function workflowTaskFailure(
  engine: Engine,
  description: WorkflowExecutionDescription,
): Promise<WorkflowTaskFailure | undefined> {
  const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
  const response = await engine.client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: engine.namespace,
    execution: { workflowId: description.workflowId, runId: description.runId },
    maximumPageSize: EVENTS_TO_READ,
  });
  // Newest first: the latest workflow task that ended says whether the task is failing now.
  for (const event of response.history?.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return undefined;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      const message = event.workflowTaskFailedEventAttributes?.failure?.message ?? 'the workflow task failed';
      return { message: message.split('\n')[0] ?? message, attempt: Math.max(attempt, 1) };
    }
  }
  return undefined;
}

/** The note `orc status` prints for a failing workflow task. */
export function workflowTaskFailureNote(failure: WorkflowTaskFailure, workflowId: string): string {
  const tries = failure.attempt > 1 ? ` (tried ${failure.attempt} times)` : '';
  return `the run's workflow task is failing${tries}: ${failure.message} — a worker is polling, but the run cannot go on until that is fixed (orc history ${workflowId} shows the failure; orc cancel ${workflowId} ends the run)`;
}
