// Reading where a run's time went from its event history: the continue-as-new chain with each
// run's event count, and, for activities run one after another, how long each spends queued,
// running, and waiting for the workflow to schedule the next one.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type LongLike = number | { toNumber(): number } | null | undefined;

function toNumber(value: LongLike): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function eventMs(event: HistoryEvent): number {
  return toNumber(event.eventTime?.seconds) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

export interface RunInChain {
  runId: string;
  events: number;
  /** Bytes of the run's input: continue-as-new carries the interpreter's state in it. */
  inputBytes: number;
}

/** Every run of a workflow id, first to last, found backwards from the latest run. */
export async function fetchRunChain(client: Client, workflowId: string): Promise<RunInChain[]> {
  const chain: RunInChain[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    const inputBytes = (started?.input?.payloads ?? []).reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
    chain.unshift({ runId: runId ?? started?.originalExecutionRunId ?? 'latest', events: events.length, inputBytes });
    runId = started?.continuedExecutionRunId || undefined;
    if (!runId) return chain;
  }
}

export interface ActivityPhases {
  activities: number;
  /** Scheduled → started: matching and the worker's poll. */
  queued_ms: number;
  /** Started → completed: the activity and reporting its result. */
  running_ms: number;
  /** Completed → the next scheduled: a workflow task, i.e. the workflow's own turn. */
  workflow_turn_ms: number;
  /** Of a workflow task: scheduled → started (the worker's poll) and started → completed. */
  workflow_task_queued_ms: number;
  workflow_task_running_ms: number;
}

/** Mean phases of a history's activities, for workflows that run them one after another. */
export async function sequentialActivityPhases(client: Client, workflowId: string): Promise<ActivityPhases> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduledAt = new Map<number, number>();
  const startedAt = new Map<number, number>();
  const completedAt: number[] = [];
  const scheduled: number[] = [];
  const sums = { queued: 0, running: 0, turn: 0, taskQueued: 0, taskRunning: 0 };
  const taskTimes = { scheduled: 0, started: 0, count: 0 };
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) taskTimes.scheduled = eventMs(event);
    if (event.workflowTaskStartedEventAttributes) {
      taskTimes.started = eventMs(event);
      sums.taskQueued += taskTimes.started - taskTimes.scheduled;
    }
    if (event.workflowTaskCompletedEventAttributes) {
      sums.taskRunning += eventMs(event) - taskTimes.started;
      taskTimes.count++;
    }
    if (event.activityTaskScheduledEventAttributes) {
      scheduledAt.set(toNumber(event.eventId), eventMs(event));
      scheduled.push(eventMs(event));
      const previous = completedAt[completedAt.length - 1];
      if (previous !== undefined) sums.turn += eventMs(event) - previous;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) startedAt.set(toNumber(started.scheduledEventId), eventMs(event));
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const id = toNumber(completed.scheduledEventId);
      sums.queued += (startedAt.get(id) ?? 0) - (scheduledAt.get(id) ?? 0);
      sums.running += eventMs(event) - (startedAt.get(id) ?? 0);
      completedAt.push(eventMs(event));
    }
  }
  const count = completedAt.length;
  const mean = (sum: number, over: number) => (over > 0 ? Math.round((sum / over) * 100) / 100 : 0);
  return {
    activities: count,
    queued_ms: mean(sums.queued, count),
    running_ms: mean(sums.running, count),
    workflow_turn_ms: mean(sums.turn, Math.max(0, scheduled.length - 1)),
    workflow_task_queued_ms: mean(sums.taskQueued, taskTimes.count),
    workflow_task_running_ms: mean(sums.taskRunning, taskTimes.count),
  };
}

export interface WorkflowTaskStats {
  history_events: number;
  /** Workflow tasks completed in the run, and how many failed (each failure replays the run). */
  workflow_tasks: number;
  workflow_task_failures: number;
  /** Mean started → completed of a workflow task, and their sum. */
  workflow_task_running_ms: number;
  workflow_task_running_total_ms: number;
  /** Mean events a workflow task's completion added (its commands and what they caused). */
  events_per_workflow_task: number;
  /** Events per step: activities scheduled plus local activities recorded (markers). */
  events_per_step: number;
  /** Bytes of activity inputs and results, and of marker details (local results, patches). */
  activity_input_bytes: number;
  activity_result_bytes: number;
  marker_bytes: number;
}

const payloadBytes = (payloads: { data?: Uint8Array | null }[] | null | undefined) =>
  (payloads ?? []).reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);

/** Where a run's events and bytes went, from its history (one run, not the chain). */
export async function workflowTaskStats(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<WorkflowTaskStats> {
  const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  let started = 0;
  let running = 0;
  let tasks = 0;
  let failures = 0;
  let steps = 0;
  const bytes = { input: 0, result: 0, marker: 0 };
  for (const event of events) {
    if (event.workflowTaskStartedEventAttributes) started = eventMs(event);
    if (event.workflowTaskCompletedEventAttributes) {
      running += eventMs(event) - started;
      tasks++;
    }
    if (event.workflowTaskFailedEventAttributes || event.workflowTaskTimedOutEventAttributes) failures++;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      steps++;
      bytes.input += payloadBytes(scheduled.input?.payloads);
    }
    bytes.result += payloadBytes(event.activityTaskCompletedEventAttributes?.result?.payloads);
    const marker = event.markerRecordedEventAttributes;
    if (marker) {
      if (marker.markerName === 'core_local_activity') steps++;
      for (const value of Object.values(marker.details ?? {})) bytes.marker += payloadBytes(value.payloads);
    }
  }
  const mean = (sum: number, over: number) => (over > 0 ? Math.round((sum / over) * 100) / 100 : 0);
  return {
    history_events: events.length,
    workflow_tasks: tasks,
    workflow_task_failures: failures,
    workflow_task_running_ms: mean(running, tasks),
    workflow_task_running_total_ms: Math.round(running),
    events_per_workflow_task: mean(events.length, tasks),
    events_per_step: mean(events.length, steps),
    activity_input_bytes: bytes.input,
    activity_result_bytes: bytes.result,
    marker_bytes: bytes.marker,
  };
}
