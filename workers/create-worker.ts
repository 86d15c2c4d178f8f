// A worker for the pipeline workflow and its activities, on one task queue.
import { mkdir } from 'node:fs/promises';
import { NativeConnection, Worker, type ActivityInterceptorsFactory } from '@temporalio/worker';
import {
  createActivities,
  loadModelRegistry,
  providerQueues,
  RegistryError,
  type CassetteSource,
} from '../activities/index.js';
import { providerEnvironmentFor } from './provider-environment.js';
import { ConfigError, type WorkerConfig } from './config.js';
import { loadCustomTools } from './custom-tools.js';
import { loadWorkflowBundle } from './workflow-bundle.js';
import { installRuntime } from './runtime.js';
import { orcDataConverter } from './external-storage.js';
import { checkStorage, responseCacheOf, type StorageSettings } from './stores.js';
import { lazyTemporalClient } from './temporal-client.js';
import { limitYoungGeneration } from './heap-settings.js';
import { groupWorkers, type PipelineWorkers } from './worker-group.js';
import { providerTaskQueue } from '../workflows/lang/ir.js';

/** A broken ORC_MODELS_FILE is a configuration mistake: said at start-up, not as a stack. */
function registryOf(config: WorkerConfig) {
  try {
    return loadModelRegistry(config.modelsFile);
  } catch (error) {
    if (error instanceof RegistryError) throw new ConfigError(error.message);
    throw error;
  }
}

export interface PipelineWorker {
  /** The pipeline worker and the rate-limited providers' activity workers, as one. */
  worker: PipelineWorkers;
  connection: NativeConnection;
  /** Flushes telemetry (spans) after the worker stops; nothing to do without tracing. */
  flushTelemetry(): Promise<void>;
}

export interface PipelineWorkerOptions {
  connection?: NativeConnection;
  identity?: string;
  /** More activity interceptors (`orc run`'s own worker reports failed attempts to its view). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** `orc test`: tool and model calls answered from a recorded run's cassette. */
  cassette?: CassetteSource;
}

/** What every orc worker shares: the CLI's, the in-process one, the benchmarks' and the tests'. */
export function sharedWorkerOptions(dataDir: string, storage: StorageSettings = { kind: 'local' }) {
  return {
    // Large values (a long loop's carried state, big outputs) go to external storage.
    dataConverter: orcDataConverter(dataDir, storage),
    // Heartbeats reach the server within 2 s, so cancellation reaches a running tool quickly.
    maxHeartbeatThrottleInterval: '2s',
    defaultHeartbeatThrottleInterval: '2s',
    // A killed worker cannot tell the server its sticky queue is gone, and the server sends a run's
    // next workflow task there until no poll has come for 10 s; after this long such a task moves
    // to the shared queue and any worker replays it. The SDK's default, on purpose: a busy live
    // worker that misses a shorter window replays whole histories (3 s cut a 2,000-step fan-out
    // from 111.5 to 66.7 steps/s; docs/reliability.md).
    stickyQueueScheduleToStartTimeout: '10s',
  } as const;
}

export async function createPipelineWorker(
  config: WorkerConfig,
  options: PipelineWorkerOptions = {},
): Promise<PipelineWorker> {
  installRuntime(config.operations);
  // A broken ORC_TOOLS module stops the worker before it connects (a ConfigError).
  const custom = await loadCustomTools(config.toolModules ?? []);
  await mkdir(config.workspaceRoot, { recursive: true });
  // An unusable bucket (ORC_BLOB_STORE) stops the worker here, not at a run's first large value.
  await checkStorage(config.storage);
  const connection =
    options.connection ??
    (await NativeConnection.connect({
      ...config.temporal.connect.connectionOptions,
      address: config.temporal.address,
    }));
  // OpenTelemetry is loaded only by workers that export spans.
  const tracing = config.operations.tracing
    ? (await import('./tracing.js')).createWorkerTracing(config.operations.tracing)
    : undefined;
  const registry = registryOf(config);
  // Before Worker.create: the workflow thread's heap is created there.
  limitYoungGeneration();
  // Local steps ask whether this worker is stopping (it exists once Worker.create returns).
  const created: { worker?: PipelineWorkers } = {};
  const activities = createActivities({
    workspaceRoot: config.workspaceRoot,
    tools: custom.implementations,
    toolSettings: config.toolSettings,
    secrets: config.secrets,
    models: { registry, environment: providerEnvironmentFor(config, registry) },
    responseCache: responseCacheOf(config.cacheDir, config.storage),
    temporalClient: lazyTemporalClient(config),
    draining: () => created.worker !== undefined && created.worker.getState() !== 'RUNNING',
    ...(options.cassette ? { cassette: options.cassette } : {}),
  });
  const interceptors = {
    activity: [...(tracing?.activityInterceptors ?? []), ...(options.activityInterceptors ?? [])],
  };
  const main = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: await loadWorkflowBundle(config.dataDir),
    ...sharedWorkerOptions(config.dataDir, config.storage),
    activities,
    ...(config.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities } : {}),
    // After SIGTERM running activities get this long to finish; then they are cancelled and
    // fail as WORKER_SHUTDOWN, so the server retries them on another worker at once.
    shutdownGraceTime: config.operations.shutdownGraceMs,
    ...(options.identity ? { identity: options.identity } : {}),
    interceptors,
  });
  // Each rate-limited provider's calls come on a queue of its own, or one shared by the entries
  // of one key or group (decisions/0018); the server hands its tasks out at most at its rate,
  // however many workers poll it.
  const queues = new Map([...providerQueues(registry).values()].map((queue) => [queue.suffix, queue]));
  const providerWorkers = await Promise.all(
    [...queues.values()].map((queue) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: providerTaskQueue(config.taskQueue, queue.suffix),
        ...sharedWorkerOptions(config.dataDir, config.storage),
        activities,
        maxTaskQueueActivitiesPerSecond: queue.requestsPerSecond,
        // The server's limit holds in the steady state but lets a burst through while the
        // queue starts (32 calls in the first second at 8/s); each worker keeping to the
        // limit itself roughly halved that (decisions/0015).
        maxActivitiesPerSecond: queue.requestsPerSecond,
        ...(config.maxConcurrentActivities
          ? { maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities }
          : {}),
        shutdownGraceTime: config.operations.shutdownGraceMs,
        ...(options.identity ? { identity: options.identity } : {}),
        interceptors,
      }),
    ),
  );
  const worker = groupWorkers(main, providerWorkers);
  created.worker = worker;
  return { worker, connection, flushTelemetry: async () => tracing?.shutdown() };
}
