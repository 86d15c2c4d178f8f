// `orc worker [--task-queue Q] [--max-concurrent-activities N]`: a worker in the foreground;
// SIGINT/SIGTERM stop it gracefully (running activities get the grace time to finish).
import { ConfigError, createPipelineWorker } from '../../workers/index.js';
import { loadCliConfig } from '../config.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { CommandContext } from './command.js';

export async function workerCommand(options: { taskQueue?: string; maxConcurrentActivities?: number }, context: CommandContext): Promise<number> {
  const config = loadCliConfig(options);
  let created;
  try {
    created = await createPipelineWorker(config);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new CliError(`cannot start a worker against ${config.temporal.address}: ${(error as Error).message.split('\n')[0]}`, EXIT.engineUnreachable, config.temporal.addressConfigured ? undefined : 'start the local server with "orc dev", or set TEMPORAL_ADDRESS');
  }
  const { worker, connection } = created;
  return serveUntilSignal(worker, context, `Worker polling task queue "${config.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}); workspace ${config.workspaceRoot}. Ctrl-C stops it.`).finally(() => connection.close().catch(() => {}));
}

export async function serveUntilSignal(worker: { run(): Promise<void>; shutdown(): void; getState(): string }, context: CommandContext, banner: string): Promise<number> {
  const stop = (signal: string) => {
    context.note(`${signal}: stopping the worker gracefully …`);
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  context.note(banner);
  try {
    await worker.run();
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
  }
}
