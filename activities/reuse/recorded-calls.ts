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
}

export interface RecordedRun {
  workflowId: string;
  /** The run read: the one named, or the latest. */
  runId: string;
  calls: CallRecord[];
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
  let next: string | undefined = latest;
  for (let count = 0; next && count < MAX_CHAIN; count++) {
    const events = await historyEvents(client, workflowId, next);
    runs.unshift(await callsIn(client, events));
    next = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return { workflowId, runId: latest, calls: runs.flat() };
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
