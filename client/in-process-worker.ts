// A worker inside the CLI for the duration of one run, when no worker polls the task queue.
import { hostname } from 'node:os';
import protos from '@temporalio/proto';
import { createPipelineWorker } from '../workers/index.js';
import type { CliConfig } from './config.js';
import type { Engine } from './connect.js';

// A CommonJS package: under ESM its namespaces come through the default export.
const { temporal } = protos;

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Identity prefix of workers inside `orc run`. They stop when their own run ends, so another
 * command must not count on them (and the server lists their polls for minutes after).
 */
const IN_PROCESS_IDENTITY = 'orc-run-in-process';

/** True when some lasting worker polled the task queue recently (a long poll lasts about a minute). */
export async function hasLiveWorker(engine: Engine, taskQueue: string): Promise<boolean> {
  const response = await engine.client.workflowService.describeTaskQueue({
    namespace: engine.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const recent = Date.now() - 90_000;
  return (response.pollers ?? []).some((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return seconds * 1000 >= recent && !poller.identity?.startsWith(IN_PROCESS_IDENTITY);
  });
}

export async function startInProcessWorker(config: CliConfig, engine: Engine): Promise<RunningWorker> {
  const identity = `${IN_PROCESS_IDENTITY}:${process.pid}@${hostname()}`;
  const { worker, connection } = await createPipelineWorker({ ...config, temporal: { ...config.temporal, address: engine.address } }, { identity });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
