// A real worker for one scenario, in the bench process, on its own task queue of the run's
// shared dev server; and a timed pipeline run that cannot hang (bounded-result.ts).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { installRuntime, loadWorkflowBundle, orcDataConverter, sharedWorkerOptions } from '../../workers/index.js';
import type { PipelineIR, RunPipelineInput } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { BenchContext } from './bench-context.js';
import { benchTool } from './bench-tool.js';
import { resultWithin } from './bounded-result.js';
import { spawnWorker } from '../operations/spawn-worker.js';

/** The bench tool for a spawned `orc worker` (ORC_TOOLS resolves it from the repository root). */
const BENCH_TOOL_MODULE = 'test/bench/bench-tool-module.ts';

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
export async function withBenchWorker<T>(
  context: BenchContext,
  options: BenchWorkerOptions,
  body: (engine: BenchEngine) => Promise<T>,
): Promise<T> {
  installRuntime();
  const { address, dataDir } = await context.temporal();
  const taskQueue = `bench-${options.scenario}-${process.pid}-${Date.now()}`;
  const workspaceRoot = join(dataDir, 'workspaces', taskQueue);
  await mkdir(workspaceRoot, { recursive: true });
  const workflowBundle = options.workflowBundle ?? (await loadWorkflowBundle(dataDir));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    // Every orc worker's options, with the bench tool added.
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle,
      ...sharedWorkerOptions(dataDir),
      activities: { ...createActivities({ workspaceRoot, tools: { bench: benchTool } }), ...options.activities },
      shutdownGraceTime: '10s',
    });
    return await worker.runUntil(
      body({ client: new Client({ connection, dataConverter: orcDataConverter(dataDir) }), taskQueue }),
    );
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

/**
 * Runs `body` while a real `orc worker` process (with the bench tool) polls a fresh task queue,
 * so its memory and CPU are its own; the worker is stopped (SIGTERM) when `body` settles.
 */
export async function withSpawnedBenchWorker<T>(
  context: BenchContext,
  scenario: string,
  body: (engine: BenchEngine, workerPid: number) => Promise<T>,
): Promise<T> {
  const { address, dataDir } = await context.temporal();
  const taskQueue = `bench-${scenario}-${process.pid}-${Date.now()}`;
  const workspaceRoot = join(dataDir, 'workspaces', taskQueue);
  await mkdir(workspaceRoot, { recursive: true });
  const worker = await spawnWorker({
    TEMPORAL_ADDRESS: address,
    ORC_DATA_DIR: dataDir,
    ORC_TASK_QUEUE: taskQueue,
    ORC_WORKSPACE: workspaceRoot,
    ORC_TOOLS: BENCH_TOOL_MODULE,
    ORC_LOG_FORMAT: 'text',
  });
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, dataConverter: orcDataConverter(dataDir) });
    return await body({ client, taskQueue }, worker.process.pid!);
  } finally {
    await connection.close();
    await worker.stop('SIGTERM', 30_000).catch(() => undefined);
  }
}

export interface TimedPipelineRun {
  document: ResultDocument;
  workflowId: string;
  ms: number;
}

/** Runs a pipeline to completion and times it from the start request to the result. */
export async function runPipelineTimed(
  engine: BenchEngine,
  ir: PipelineIR,
  inputs: Record<string, unknown>,
  options: { timeoutMs: number; label: string },
): Promise<TimedPipelineRun> {
  const workflowId = `${options.label}-${engine.taskQueue}`;
  const input: RunPipelineInput = { ir, inputs };
  const started = performance.now();
  const handle = await engine.client.workflow.start('runPipeline', {
    taskQueue: engine.taskQueue,
    workflowId,
    args: [input],
  });
  const document = await resultWithin<ResultDocument>(handle, options.timeoutMs, `pipeline ${options.label}`);
  const ms = performance.now() - started;
  if (document.status !== 'completed')
    throw new Error(`pipeline ${options.label} ended ${document.status}: ${JSON.stringify(document.error)}`);
  return { document, workflowId, ms };
}
