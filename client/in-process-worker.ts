// A worker inside the CLI for the duration of one run, when no worker polls the task queue.
// Its logs (the SDK's warnings with their stack traces, Core's lines) go to a log file: the
// terminal shows the step view, where each failed attempt of a step is one line instead.
import { join } from 'node:path';
import { hostname } from 'node:os';
import { ApplicationFailure, CancelledFailure, type Context } from '@temporalio/activity';
import protos from '@temporalio/proto';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { createPipelineWorker, installRuntime, type CassetteSource } from '../workers/index.js';
import type { CliConfig } from './config.js';
import type { Engine } from './connect.js';

// A CommonJS package: under ESM its namespaces come through the default export.
const { temporal } = protos;

export interface RunningWorker {
  /** The file the worker logs to. */
  logFile: string;
  /** Calls `listener` with every failed attempt of an activity of the run (and its children), those before included. */
  onFailedAttempt(listener: (attempt: FailedAttempt) => void): void;
  stop(): Promise<void>;
}

export interface FailedAttempt {
  /** The step's path; a sub-pipeline's steps are prefixed with the sub-pipeline step's path. */
  step: string;
  attempt: number;
  type: string;
  message: string;
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

/** `orc test` passes a cassette: the worker's tool and model calls are answered from it. */
export async function startInProcessWorker(
  config: CliConfig,
  engine: Engine,
  workflowId: string,
  options: { cassette?: CassetteSource } = {},
): Promise<RunningWorker> {
  const identity = `${IN_PROCESS_IDENTITY}:${process.pid}@${hostname()}`;
  const logFile = join(config.logDir, `run-${workflowId.replace(/[^\w.-]+/g, '_')}.log`);
  installRuntime({ ...config.operations, logFile });
  const failures = failedAttemptsOf(workflowId);
  const { worker, connection } = await createPipelineWorker(
    { ...config, temporal: { ...config.temporal, address: engine.address } },
    { identity, activityInterceptors: [failures.interceptor], ...options },
  );
  const running = worker.run();
  return {
    logFile,
    onFailedAttempt: failures.subscribe,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}

/** An activity interceptor that reports each failed attempt of this run's activities. */
function failedAttemptsOf(workflowId: string): {
  interceptor: ActivityInterceptorsFactory;
  subscribe(listener: (attempt: FailedAttempt) => void): void;
} {
  const seen: FailedAttempt[] = [];
  let listener: ((attempt: FailedAttempt) => void) | undefined;
  const report = (attempt: FailedAttempt) => (listener ? listener(attempt) : seen.push(attempt));
  const interceptor: ActivityInterceptorsFactory = (context: Context) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          const attempt = describeAttempt(workflowId, context, input.args[0], error);
          if (attempt) report(attempt);
          throw error;
        }
      },
    },
  });
  return {
    interceptor,
    subscribe(next) {
      listener = next;
      for (const attempt of seen.splice(0)) next(attempt);
    },
  };
}

function describeAttempt(
  workflowId: string,
  context: Context,
  call: unknown,
  error: unknown,
): FailedAttempt | undefined {
  const ownerId = context.info.workflowExecution?.workflowId ?? '';
  // Cancellation is the run's decision, not a failure; other runs on this task queue are not ours.
  if (error instanceof CancelledFailure || (ownerId !== workflowId && !ownerId.startsWith(`${workflowId}/`)))
    return undefined;
  const stepId = (call as { step_id?: unknown } | undefined)?.step_id;
  const prefix = ownerId === workflowId ? '' : `${ownerId.slice(workflowId.length + 1)}/`;
  const type =
    error instanceof ApplicationFailure ? (error.type ?? 'Error') : error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return {
    step: `${prefix}${typeof stepId === 'string' ? stepId : context.info.activityType}`,
    attempt: context.info.attempt,
    type,
    message,
  };
}
