// A real worker for one scenario, in the bench process, on its own task queue of the run's
// shared dev server; and waiting for a workflow with a deadline, so no scenario can hang.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { installRuntime, loadWorkflowBundle } from '../../workers/index.js';
import type { PipelineIR, RunPipelineInput } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { BenchContext } from './bench-context.js';
import { benchTool } from './bench-tool.js';

export interface BenchEngine {
  client: Client;
  taskQueue: string;
}

export interface BenchWorkerOptions {
  /** Names the task queue, so the server's log tells the scenarios apart. */
  scenario: string;
  /** Another workflow bundle than the pipeline workflow's (raw-seq). */
  workflowBundle?: { code: string };
  activities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/** Runs `body` while a worker polls a fresh task queue; the worker stops when `body` settles. */
export async function withBenchWorker<T>(context: BenchContext, options: BenchWorkerOptions, body: (engine: BenchEngine) => Promise<T>): Promise<T> {
  installRuntime();
  const { address, dataDir } = await context.temporal();
  const taskQueue = `bench-${options.scenario}-${process.pid}-${Date.now()}`;
  const workspaceRoot = join(dataDir, 'workspaces', taskQueue);
  await mkdir(workspaceRoot, { recursive: true });
  const workflowBundle = options.workflowBundle ?? (await loadWorkflowBundle(dataDir));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    // The options of workers/create-worker.ts that matter for speed, with the bench tool added.
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle,
      activities: { ...createActivities({ workspaceRoot, tools: { bench: benchTool } }), ...options.activities },
      shutdownGraceTime: '10s',
      maxHeartbeatThrottleInterval: '2s',
      defaultHeartbeatThrottleInterval: '2s',
    });
    return await worker.runUntil(body({ client: new Client({ connection }), taskQueue }));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

/** The workflow's result, or an error (and the workflow terminated) after `timeoutMs`. */
export async function resultWithin<T>(handle: WorkflowHandle, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([handle.result() as Promise<T>, deadline]);
    if (outcome !== 'timed out') return outcome as T;
  } finally {
    clearTimeout(timer);
  }
  // Terminated, the workflow stops holding the worker, which then shuts down promptly.
  await handle.terminate(`bench: ${what} took longer than ${timeoutMs} ms`);
  throw new Error(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s (workflow ${handle.workflowId} terminated)`);
}

export interface TimedPipelineRun {
  document: ResultDocument;
  workflowId: string;
  ms: number;
}

/** Runs a pipeline to completion and times it from the start request to the result. */
export async function runPipelineTimed(engine: BenchEngine, ir: PipelineIR, inputs: Record<string, unknown>, options: { timeoutMs: number; label: string }): Promise<TimedPipelineRun> {
  const workflowId = `${options.label}-${engine.taskQueue}`;
  const input: RunPipelineInput = { ir, inputs };
  const started = performance.now();
  const handle = await engine.client.workflow.start('runPipeline', { taskQueue: engine.taskQueue, workflowId, args: [input] });
  const document = await resultWithin<ResultDocument>(handle, options.timeoutMs, `pipeline ${options.label}`);
  const ms = performance.now() - started;
  if (document.status !== 'completed') throw new Error(`pipeline ${options.label} ended ${document.status}: ${JSON.stringify(document.error)}`);
  return { document, workflowId, ms };
}
