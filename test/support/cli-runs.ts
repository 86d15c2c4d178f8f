// Runs for the CLI's inspecting commands (status, watch, result, list, cancel, approvals):
// started with the client API while a worker with the `test` tool runs in the test process,
// then looked at by `orc` spawned as a subprocess.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { inject } from 'vitest';
import { progressQuery } from '../../workflows/messages.js';
import type { StepStatus } from '../../workflows/result-document.js';
import { startPipeline } from './run-document.js';
import { uniqueTaskQueue, withWorker, type TestEngine } from './temporal.js';
import { compileTest, newRecorder, testTool, type Recorder } from './test-tools.js';

/** The environment `orc` gets: the suite's server, its data folder, a queue of its own. */
export async function cliEnvironment() {
  return {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    ORC_DATA_DIR: inject('dataDir'),
    ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-cli-')),
    ORC_TASK_QUEUE: uniqueTaskQueue('cli'),
    ORC_WEB_UI_URL: inject('webUiUrl'),
  };
}

export interface CliTestEngine extends TestEngine {
  recorder: Recorder;
  /** Compiles `yaml` (with the test tool) and starts it on this worker's task queue. */
  start(yaml: string, inputs?: Record<string, unknown>): Promise<WorkflowHandle>;
}

/** A worker with the test tool; heartbeats are not held back, so cancellation arrives at once. */
export async function withCliWorker<T>(body: (engine: CliTestEngine) => Promise<T>): Promise<T> {
  const recorder = newRecorder();
  return await withWorker(
    (engine) =>
      body({
        ...engine,
        recorder,
        start: (yaml, inputs = {}) => startPipeline(engine, compileTest(yaml), inputs, {}, `${uniqueTaskQueue('run')}`),
      }),
    { tools: { test: testTool(recorder) }, worker: { defaultHeartbeatThrottleInterval: '200ms' } },
  );
}

/** Polls `check` until it returns a value, for at most `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function waitForStep(
  handle: WorkflowHandle,
  step: string,
  status: StepStatus,
  timeoutMs = 20_000,
): Promise<void> {
  await eventually(
    async () => ((await handle.query(progressQuery)).steps[step]?.status === status ? true : undefined),
    timeoutMs,
    `step "${step}" to be ${status}`,
  );
}
