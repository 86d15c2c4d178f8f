// Every activity call a run made, read from its event history: the input it was scheduled
// with, and how it ended (the result, or the failure). A run that continued as new is read
// from its first run on. Used by a rerun (load-reusable-results.ts) and by `orc diff`.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
// Internal to the SDK, but the very calls its own clients make: values above the external
// storage threshold live in the blob store, and only this pass brings them back.
import {
  decodeFromPayloadsAtIndex,
  extstoreInboundOptions,
  visit,
  walkGetWorkflowExecutionHistoryResponse,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import type protos from '@temporalio/proto';

type HistoryEvent = protos.temporal.api.history.v1.IHistoryEvent;
type Payloads = protos.temporal.api.common.v1.IPayloads;

/** Runs of one continue-as-new chain read at most: a guard, far above any real chain. */
const MAX_CHAIN = 1_000;

export interface CallRecord {
  activity: string;
  input: unknown;
  status: 'scheduled' | 'started' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
  output?: unknown;
  /** The failure's message when it failed. */
  failure?: string;
  /** The attempt that ended it (or runs now). */
  attempt?: number;
  scheduled_at: number;
  closed_at?: number;
  /**
   * A local activity's fingerprint, carried in its result: its marker holds no input, so
   * `input` then has only the step's id.
   */
  fingerprint?: string;
}

export interface RecordedRun {
  workflowId: string;
  /** The run read: the one named, or the latest. */
  runId: string;
  calls: CallRecord[];
  /** The workflow ids of the child runs (sub-pipelines) it started, in order. */
  children: string[];
}

/** Undefined when there is no such run. */
export async function readRecordedCalls(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<RecordedRun | undefined> {
  let latest: string;
  try {
    latest = (await client.workflow.getHandle(workflowId, runId).describe()).runId;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const runs: CallRecord[][] = [];
  const children: string[][] = [];
  let next: string | undefined = latest;
  for (let count = 0; next && count < MAX_CHAIN; count++) {
    const events = await historyEvents(client, workflowId, next);
    runs.unshift(await callsIn(client, events));
    children.unshift(
      events.flatMap((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ?? []),
    );
    next = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return { workflowId, runId: latest, calls: runs.flat(), children: [...new Set(children.flat())] };
}

async function historyEvents(client: Client, workflowId: string, runId: string): Promise<HistoryEvent[]> {
  const response = { history: await client.workflow.getHandle(workflowId, runId).fetchHistory() };
  await visit(
    response,
    walkGetWorkflowExecutionHistoryResponse,
    extstoreInboundOptions(client.options.loadedDataConverter.externalStorage),
  );
  return response.history?.events ?? [];
}

async function callsIn(client: Client, events: readonly HistoryEvent[]): Promise<CallRecord[]> {
  const decode = async (payloads: Payloads | null | undefined): Promise<unknown> =>
    payloads?.payloads?.length
      ? await decodeFromPayloadsAtIndex(client.options.loadedDataConverter, 0, payloads.payloads)
      : undefined;
  const byScheduledEvent = new Map<number, CallRecord>();
  const calls: CallRecord[] = [];
  for (const event of events) {
    const at = timeOf(event);
    const local = await localCall(event, at, decode);
    if (local) {
      calls.push(local);
      continue;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const call: CallRecord = {
        activity: scheduled.activityType?.name ?? '',
        input: await decode(scheduled.input).catch(() => undefined),
        status: 'scheduled',
        scheduled_at: at,
      };
      byScheduledEvent.set(Number(event.eventId), call);
      calls.push(call);
      continue;
    }
    const ended = endOf(event);
    const call = ended && byScheduledEvent.get(Number(ended.scheduledEventId));
    if (ended && call) await record(call, ended, at, decode);
  }
  return calls;
}

type Ending = NonNullable<ReturnType<typeof endOf>>;

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/**
 * A completed local activity that recorded its call (ToolCallOutput.call) — one marker, with the
 * result beside the activity's type. Failed attempts and results without the call are not calls
 * a rerun could reuse or `orc diff` could name, and are left out.
 */
async function localCall(
  event: HistoryEvent,
  at: number,
  decode: (payloads: Payloads | null | undefined) => Promise<unknown>,
): Promise<CallRecord | undefined> {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER || !marker.details?.result) return undefined;
  const data = (await decode(marker.details.data).catch(() => undefined)) as
    { activity_type?: unknown; attempt?: unknown } | undefined;
  const output = (await decode(marker.details.result).catch(() => undefined)) as
    { call?: { step_id?: unknown; fingerprint?: unknown } } | undefined;
  const call = output?.call;
  if (typeof data?.activity_type !== 'string' || typeof call?.step_id !== 'string') return undefined;
  if (typeof call.fingerprint !== 'string') return undefined;
  return {
    activity: data.activity_type,
    input: { step_id: call.step_id },
    status: 'completed',
    output,
    attempt: typeof data.attempt === 'number' ? data.attempt : 1,
    scheduled_at: at,
    closed_at: at,
    fingerprint: call.fingerprint,
  };
}

/** What one event says of its call: started, or how it ended. */
async function record(
  call: CallRecord,
  ended: Ending,
  at: number,
  decode: (payloads: Payloads | null | undefined) => Promise<unknown>,
): Promise<void> {
  if (ended.status === 'started') {
    call.status = 'started';
    call.attempt = ended.attempt;
    return;
  }
  call.status = ended.status;
  call.closed_at = at;
  if (ended.status !== 'completed') {
    if (ended.failure) call.failure = ended.failure;
    return;
  }
  // A value that cannot be read back (a blob gone from the store) is not reused: the call runs again.
  try {
    call.output = await decode(ended.result);
  } catch {
    call.status = 'failed';
    call.failure = 'its recorded result could not be read';
  }
}

function endOf(event: HistoryEvent):
  | {
      status: CallRecord['status'];
      scheduledEventId: unknown;
      result?: Payloads | null;
      failure?: string;
      attempt?: number;
    }
  | undefined {
  const started = event.activityTaskStartedEventAttributes;
  if (started) return { status: 'started', scheduledEventId: started.scheduledEventId, attempt: started.attempt ?? 1 };
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed)
    return { status: 'completed', scheduledEventId: completed.scheduledEventId, result: completed.result ?? null };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed)
    return { status: 'failed', scheduledEventId: failed.scheduledEventId, failure: failed.failure?.message ?? '' };
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut)
    return {
      status: 'timed_out',
      scheduledEventId: timedOut.scheduledEventId,
      failure: timedOut.failure?.message ?? '',
    };
  const cancelled = event.activityTaskCanceledEventAttributes;
  if (cancelled) return { status: 'cancelled', scheduledEventId: cancelled.scheduledEventId };
  return undefined;
}

function timeOf(event: HistoryEvent): number {
  const time = event.eventTime;
  return time ? Number(time.seconds ?? 0) * 1_000 + Math.floor((time.nanos ?? 0) / 1e6) : 0;
}
