// The pipeline worker and, beside it, one activity worker per rate-limited provider (the
// provider's own task queue, whose dispatch rate the server limits for every worker polling
// it). Run, drained and stopped together, as one worker.
import type { Worker } from '@temporalio/worker';

export type WorkerState = ReturnType<Worker['getState']>;

export interface PipelineWorkers {
  run(): Promise<void>;
  shutdown(): void;
  /** The pipeline worker's state; the provider workers follow it. */
  getState(): WorkerState;
  /** The task queues polled: the pipeline's first. */
  taskQueues: string[];
}

export function groupWorkers(main: Worker, providers: readonly Worker[]): PipelineWorkers {
  const all = [main, ...providers];
  const shutdownAll = () => {
    for (const worker of all) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    async run() {
      // One worker failing stops the others, so the process does not go on half-serving.
      const runs = all.map((worker) => worker.run().catch((error: unknown) => (shutdownAll(), Promise.reject(error))));
      const results = await Promise.allSettled(runs);
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
    shutdown: shutdownAll,
    getState: () => main.getState(),
    taskQueues: all.map((worker) => worker.options.taskQueue),
  };
}
