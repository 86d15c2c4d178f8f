// Waiting for a workflow without hanging: a deadline, and an early end when the workflow task
// keeps failing (e.g. a continue-as-new input over the payload limit), which Temporal retries
// forever rather than failing the workflow. Either way the workflow is terminated, so the
// worker can shut down, and the scenario fails with the reason.
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';

/** A healthy run's workflow task succeeds on its first or second attempt. */
const STUCK_AFTER_ATTEMPTS = 5;
const WATCH_EVERY_MS = 5_000;

type Outcome<T> = { kind: 'done'; value: T } | { kind: 'timed out' } | { kind: 'stuck'; failure: string };

export async function resultWithin<T>(handle: WorkflowHandle, timeoutMs: number, what: string): Promise<T> {
  const stop = new AbortController();
  try {
    const outcome = await Promise.race<Outcome<T>>([
      handle.result().then((value: T) => ({ kind: 'done', value })),
      delay(timeoutMs, { kind: 'timed out' }, { signal: stop.signal }),
      stuckWorkflowTask(handle, stop.signal).then((failure) => ({ kind: 'stuck', failure })),
    ]);
    if (outcome.kind === 'done') return outcome.value;
    const reason =
      outcome.kind === 'timed out'
        ? `did not finish within ${Math.round(timeoutMs / 1000)} s`
        : `is stuck: its workflow task failed ${STUCK_AFTER_ATTEMPTS} times in a row: ${outcome.failure}`;
    await handle.terminate(`bench: ${what} ${reason}`);
    throw new Error(`${what} ${reason} (workflow ${handle.workflowId} terminated)`);
  } finally {
    stop.abort();
  }
}

/** Resolves with the latest workflow task failure once the task keeps failing. */
async function stuckWorkflowTask(handle: WorkflowHandle, signal: AbortSignal): Promise<string> {
  for (;;) {
    await delay(WATCH_EVERY_MS, undefined, { signal });
    const attempt = (await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0;
    if (attempt >= STUCK_AFTER_ATTEMPTS) return latestWorkflowTaskFailure(handle);
  }
}

async function latestWorkflowTaskFailure(handle: WorkflowHandle): Promise<string> {
  const events = (await handle.fetchHistory()).events ?? [];
  const failed = [...events]
    .reverse()
    .find((event) => event.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes;
  return failed?.failure?.message ?? 'no failure recorded in the history';
}
