// `orc worker [--task-queue Q] [--max-concurrent-activities N]`: a worker in the foreground.
// SIGINT/SIGTERM stop it gracefully: it stops polling, running activities get
// ORC_SHUTDOWN_GRACE_SECONDS to finish, then are cancelled and handed back to the server, which
// retries them on another worker (docs/operations.md, "Graceful shutdown").
import type { Server } from 'node:http';
import { optionalString, positiveInteger } from '../arguments.js';
import type { CliConfig } from '../config.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatDuration } from '../format-time.js';
import { TASK_QUEUE_OPTION, type CommandContext, type CommandSpec } from './command.js';

export const workerCommand: CommandSpec = {
  name: 'worker',
  summary: 'run a worker in the foreground (graceful stop on SIGINT/SIGTERM)',
  options: [
    TASK_QUEUE_OPTION,
    { flags: '--max-concurrent-activities <N>', description: 'activities this worker runs at once' },
  ],
  run: async ({ options }, context) =>
    runWorker(
      {
        taskQueue: optionalString(options.taskQueue),
        maxConcurrentActivities: positiveInteger(options.maxConcurrentActivities, '--max-concurrent-activities'),
      },
      context,
    ),
};

async function runWorker(
  options: { taskQueue?: string; maxConcurrentActivities?: number },
  context: CommandContext,
): Promise<number> {
  const [{ loadCliConfig }, { ConfigError, createPipelineWorker, startHealthServer }] = await Promise.all([
    import('../config.js'),
    import('../../workers/index.js'),
  ]);
  const config = await loadCliConfig(options);
  let created;
  try {
    created = await createPipelineWorker(config);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new CliError(
      `cannot start a worker against ${config.temporal.address}: ${connectProblem(error as Error)}`,
      EXIT.engineUnreachable,
      config.temporal.addressConfigured
        ? 'is the server up and reachable from here? Check TEMPORAL_ADDRESS / your temporal.toml profile, or unset them to use the local dev server'
        : 'start the local server with "orc dev", or set TEMPORAL_ADDRESS',
    );
  }
  const { worker, connection } = created;
  const logContext = await workerLogContext(config, context);
  let health: Server | undefined;
  try {
    const { healthPort, healthHost, metricsAddress } = config.operations;
    if (healthPort)
      health = await startHealthServer(worker, { host: healthHost, port: healthPort, taskQueue: config.taskQueue });
    const extras = [
      metricsAddress ? `metrics on http://${metricsAddress}/metrics` : '',
      healthPort ? `health on http://${healthHost}:${healthPort}/healthz` : '',
      worker.taskQueues.length > 1 ? `rate-limited provider queues ${worker.taskQueues.slice(1).join(', ')}` : '',
    ].filter(Boolean);
    const banner = `Worker polling task queue "${config.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}); workspace ${config.workspaceRoot}${extras.length ? `; ${extras.join('; ')}` : ''}. Ctrl-C stops it.`;
    return await serveUntilSignal(worker, logContext, banner, config.operations.shutdownGraceMs);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('ORC_HEALTH_PORT')) throw new ConfigError(error.message);
    throw error;
  } finally {
    await new Promise((resolve) => (health ? health.close(resolve) : resolve(undefined)));
    await created.flushTelemetry().catch(() => {});
    await connection.close().catch(() => {});
  }
}

/**
 * With JSON logs, the worker's own lines are JSON lines too (one format per stream). They are
 * written whatever ORC_LOG_LEVEL says, as the text lines are: start, stop and drain must show.
 */
async function workerLogContext(config: CliConfig, context: CommandContext): Promise<CommandContext> {
  if (config.operations.logFormat !== 'json') return context;
  const { jsonLine } = await import('../../workers/index.js');
  const meta = { component: 'orc-worker', task_queue: config.taskQueue };
  return {
    ...context,
    note: (text) =>
      context.note(jsonLine({ level: 'INFO', message: text, meta, timestampNanos: BigInt(Date.now()) * 1_000_000n })),
  };
}

export async function serveUntilSignal(
  worker: { run(): Promise<void>; shutdown(): void; getState(): string },
  context: CommandContext,
  banner: string,
  graceMs = 10_000,
): Promise<number> {
  const stop = (signal: string) => {
    if (worker.getState() === 'RUNNING') {
      context.note(
        `${signal}: stopping the worker gracefully: no new tasks; running activities get ${formatDuration(graceMs)} to finish, then go back to the server for another worker …`,
      );
      worker.shutdown();
    } else {
      context.note(`${signal}: already stopping (state ${worker.getState()}); waiting for running activities`);
    }
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  context.note(banner);
  try {
    await worker.run();
    context.note('Worker stopped.');
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
  }
}

/** The native runtime's connect error is a Rust debug dump; a refused connection is all it says. */
function connectProblem(error: Error): string {
  const firstLine = error.message.split('\n')[0] ?? '';
  return /ConnectionRefused|Connection refused/.test(firstLine) ? 'connection refused' : firstLine;
}
