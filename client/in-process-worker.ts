// A worker inside the CLI for the duration of one run, when no worker polls the task queue.
import { temporal } from '@temporalio/proto';
import { createPipelineWorker } from '../workers/index.js';
import type { CliConfig } from './config.js';
import type { Engine } from './connect.js';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** True when some worker polled the task queue recently (a long poll lasts about a minute). */
export async function hasLiveWorker(engine: Engine, taskQueue: string): Promise<boolean> {
  const response = await engine.client.workflowService.describeTaskQueue({
    namespace: engine.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const recent = Date.now() - 90_000;
  return (response.pollers ?? []).some((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return seconds * 1000 >= recent;
  });
}

export async function startInProcessWorker(config: CliConfig, engine: Engine): Promise<RunningWorker> {
  const { worker, connection } = await createPipelineWorker({ ...config, temporal: { ...config.temporal, address: engine.address } });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
