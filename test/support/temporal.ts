// Running workflows on the suite's dev server: a worker per test on its own task queue.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';
import {
  createActivities,
  type SecretStore,
  type ToolImplementation,
  type ToolSettings,
} from '../../activities/index.js';
import type { ModelActivityDependencies } from '../../activities/models/index.js';
import {
  installRuntime,
  loadWorkflowBundle,
  orcDataConverter,
  sharedWorkerOptions,
  type StorageSettings,
} from '../../workers/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';

export interface TestEngine {
  client: Client;
  taskQueue: string;
  workspaceRoot: string;
}

let counter = 0;

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now()}-${counter++}`;
}

/** Runs `body` while a real worker polls a fresh task queue with a fresh workspace. */
export async function withWorker<T>(
  body: (engine: TestEngine) => Promise<T>,
  options: {
    taskQueue?: string;
    tools?: Record<string, ToolImplementation>;
    models?: ModelActivityDependencies;
    toolSettings?: ToolSettings;
    secrets?: SecretStore;
    activities?: Record<string, (...args: never[]) => Promise<unknown>>;
    worker?: Pick<WorkerOptions, 'defaultHeartbeatThrottleInterval' | 'workflowBundle'>;
    /** Where large values go (the suite's data folder unless a test needs its own). */
    dataDir?: string;
    /** An S3 bucket for large values instead of `dataDir`'s folder. */
    storage?: StorageSettings;
  } = {},
): Promise<T> {
  installRuntime();
  const address = inject('temporalAddress');
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-workspace-'));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    const dataDir = options.dataDir ?? inject('dataDir');
    const client = new Client({ connection, dataConverter: orcDataConverter(dataDir, options.storage) });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await loadWorkflowBundle(inject('dataDir')),
      ...sharedWorkerOptions(dataDir, options.storage),
      activities: {
        ...createActivities({
          workspaceRoot,
          tools: options.tools,
          models: options.models,
          toolSettings: options.toolSettings,
          secrets: options.secrets,
          temporalClient: async () => client,
        }),
        ...options.activities,
      },
      ...options.worker,
    });
    return await worker.runUntil(body({ client, taskQueue, workspaceRoot }));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

/** Compiles a file and fails the test with its diagnostics when it does not compile. */
export async function compileFile(path: string): Promise<PipelineIR> {
  const result = compilePipeline(await readFile(path, 'utf8'), { file: path });
  if (!result.ir)
    throw new Error(
      `${path} does not compile:\n${result.diagnostics.map((item) => `${item.range.line}:${item.range.column} ${item.code} ${item.message}`).join('\n')}`,
    );
  return result.ir;
}

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const compatRoot = new URL('../../../shared/compat/orchestrator/', import.meta.url).pathname;
