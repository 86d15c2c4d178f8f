// Recovery in seconds: a worker SIGKILLed while a model call, sandboxed code and a tool step run
// has each step retried on the next worker within seconds (the heartbeat timeouts of
// workflows/interpreter/activity-options.ts), not after the old fixed 30 s; and the run's later
// workflow tasks do not wait long on the dead worker's sticky queue. Real `orc worker`
// processes, the spawned `orc run`, a local OpenAI-protocol server. The retried model call
// waits 7 s for its first byte — longer than its 5 s heartbeat timeout — and is asked once:
// a slow provider keeps heartbeating.
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import protos from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { eventually } from '../support/cli-runs.js';
import { documentOf } from '../support/run-document.js';
import {
  connectTestClient,
  pipelineFile,
  startDetached,
  TestWorkers,
  workerEnvironment,
} from '../support/test-workers.js';
import { bubblewrapProblem } from '../sandbox/sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the kill-recovery test: ${problem}`);

// The first attempt of each step outlasts the test; the retries take a few seconds, long enough
// to be seen running. The code step's first attempt leaves a mark so its retry is short.
const CODE = 'if [ -e /workspace/first-done ]; then sleep 4; else : > /workspace/first-done; sleep 300; fi; echo done';
const PIPELINE = `id: kill-recovery
model: openai:gpt-4o-mini
steps:
  - {id: model, action: generate, timeout: 5m, parameters: {prompt: think}}
  - id: code
    tool: terminal
    action: execute
    timeout: 5m
    parameters: {command: ${JSON.stringify(CODE)}}
  - {id: tool, tool: slow, action: wait, timeout: 5m, parameters: {ms: 300000, retry_ms: 4000}}
`;

const STEPS = ['model', 'code', 'tool'];
// The brief's bound is 10 s; CI shares a loaded machine, so the test allows twice that and prints
// the figure (the old fixed heartbeat timeout alone was 30 s).
const RETRY_BOUND_MS = 20_000;
const RETRY_FIRST_BYTE_MS = 7_000;
// The sticky queue's own wait (10 s) plus a loaded machine's slack.
const STICKY_BOUND_MS = 13_000;

const STARTED = protos.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

let openai: FakeProviderServer;
let connection: Connection;
let client: Client;
const workers = new TestWorkers();
beforeAll(async () => {
  openai = await startOpenAIServer();
  // The first request hangs (its worker is killed); the retry answers after a slow first byte.
  openai.respondWith(() =>
    openai.requests.length === 1
      ? reply({ text: 'never sent', delayMs: 300_000 })
      : reply({ text: 'worth the wait', delayMs: RETRY_FIRST_BYTE_MS }),
  );
  ({ connection, client } = await connectTestClient());
});
afterAll(async () => {
  await workers.killAll();
  await openai?.close();
  await connection?.close();
});

interface StepAttempt {
  attempt: number;
  startedAtMs: number;
}

/** Which step each scheduled activity runs, from the input its scheduled event carries. */
async function stepsOfActivities(handle: WorkflowHandle): Promise<Map<string, string>> {
  const steps = new Map<string, string>();
  for (const event of (await handle.fetchHistory()).events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const data = scheduled?.input?.payloads?.[0]?.data;
    if (!scheduled?.activityId || !data) continue;
    const input = JSON.parse(Buffer.from(data).toString('utf8')) as { step_id?: string };
    if (input.step_id) steps.set(scheduled.activityId, input.step_id);
  }
  return steps;
}

/** The running attempt of each step: its number and when the server started it. */
async function runningAttempts(handle: WorkflowHandle): Promise<Map<string, StepAttempt>> {
  const pending = ((await handle.describe()).raw.pendingActivities ?? []).filter(
    (activity) => activity.state === STARTED && activity.lastStartedTime,
  );
  const steps = await stepsOfActivities(handle);
  const running = new Map<string, StepAttempt>();
  for (const activity of pending) {
    const step = steps.get(activity.activityId ?? '');
    const time = activity.lastStartedTime!;
    const startedAtMs = Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
    if (step) running.set(step, { attempt: activity.attempt ?? 0, startedAtMs });
  }
  return running;
}

const { EventType, TimeoutType } = protos.temporal.api.enums.v1;

/** How long each workflow task that timed out before a worker took it waited (a dead sticky queue). */
async function stickyQueueWaitsMs(handle: WorkflowHandle): Promise<number[]> {
  const waits: number[] = [];
  let scheduledAtMs = 0;
  for (const event of (await handle.fetchHistory()).events ?? []) {
    const atMs = Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) scheduledAtMs = atMs;
    const timedOut = event.workflowTaskTimedOutEventAttributes;
    if (timedOut?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) waits.push(atMs - scheduledAtMs);
  }
  return waits;
}

describe.skipIf(problem)('a worker killed while a model, a code and a tool step run', () => {
  it('has every step retried on the next worker within seconds, and the run completes', async () => {
    const env = await workerEnvironment({
      label: 'kill-recovery',
      tools: 'test/operations/fixtures/slow-tool.ts',
      openai,
    });
    const first = await workers.spawn(env);
    const handle = client.workflow.getHandle(
      await startDetached(['run', await pipelineFile('kill-recovery', PIPELINE)], env),
    );
    const firsts = await eventually(
      async () => {
        const running = await runningAttempts(handle);
        return running.size === STEPS.length && openai.requests.length === 1 ? running : undefined;
      },
      60_000,
      'all three steps to run',
    );
    expect([...firsts.values()].map((running) => running.attempt)).toEqual([1, 1, 1]);
    // The next worker is up before the kill: what is measured is the engine's recovery, not
    // how long a process takes to start.
    await workers.spawn(env);
    const killedAtMs = Date.now();
    await workers.kill(first);

    const retriedAfterMs = new Map<string, number>();
    await eventually(
      async () => {
        for (const [step, running] of await runningAttempts(handle))
          if (running.attempt > 1 && !retriedAfterMs.has(step))
            retriedAfterMs.set(step, running.startedAtMs - killedAtMs);
        return retriedAfterMs.size === STEPS.length ? true : undefined;
      },
      90_000,
      'every step to be retried',
    );
    const document = await documentOf(handle);
    const completedAfterMs = Date.now() - killedAtMs;
    const figures = STEPS.map((step) => `${step} ${(retriedAfterMs.get(step)! / 1000).toFixed(1)} s`).join(', ');
    console.log(`kill to retry: ${figures}; kill to run completed: ${(completedAfterMs / 1000).toFixed(1)} s`);

    expect(document.status, JSON.stringify(document.error)).toBe('completed');
    for (const step of STEPS) {
      expect(document.steps[step], step).toMatchObject({ status: 'completed', attempts: 2 });
      expect(retriedAfterMs.get(step), `${step} retried ${figures}`).toBeLessThan(RETRY_BOUND_MS);
    }
    expect(document.steps.model?.result).toBe('worth the wait');
    // Asked twice in all: the killed attempt, and its retry, which outlived its heartbeat timeout
    // waiting for the first byte without being retried again.
    expect(openai.requests).toHaveLength(2);
    // A workflow task sent to the dead worker's sticky queue moves to the shared one after 10 s
    // (stickyQueueScheduleToStartTimeout, the SDK's default; docs/operations.md says why not less).
    const stickyWaits = await stickyQueueWaitsMs(handle);
    console.log(
      `sticky-queue waits after the kill: ${stickyWaits.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ') || 'none'}`,
    );
    for (const wait of stickyWaits) expect(wait).toBeLessThan(STICKY_BOUND_MS);
  }, 240_000);
});
