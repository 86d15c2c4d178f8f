// `orc dev`: the local Temporal dev server (started if none is up) and a worker, for
// development. The server keeps running after Ctrl-C; `orc dev --stop` stops it (an installed
// orc has no npm script to do it with).
import { optionalString } from '../arguments.js';
import { TASK_QUEUE_OPTION, type CommandContext, type CommandSpec } from './command.js';
import { serveUntilSignal } from './worker.js';

export const devCommand: CommandSpec = {
  name: 'dev',
  summary: 'start the local Temporal dev server (if none is up) and a worker; print the Web UI address',
  options: [
    TASK_QUEUE_OPTION,
    { flags: '--stop', description: 'stop the local dev server that orc started (ORC_DATA_DIR), and exit' },
  ],
  run: async ({ options }, context) => {
    if (options.stop === true) return stopDevServer(context);
    const [{ loadCliConfig }, { connectToEngine }, { ensureSearchAttributes }, { createPipelineWorker }] =
      await Promise.all([
        import('../config.js'),
        import('../connect.js'),
        import('../search-attributes.js'),
        import('../../workers/index.js'),
      ]);
    const config = await loadCliConfig({ taskQueue: optionalString(options.taskQueue) });
    const engine = await connectToEngine(config, { startLocal: true, log: context.note });
    await ensureSearchAttributes(engine, context.note);
    await engine.connection.close();
    const { worker, connection } = await createPipelineWorker({
      ...config,
      temporal: { ...config.temporal, address: engine.address },
    });
    const banner = [
      `Temporal ${engine.startedServer ? 'dev server started' : 'server'} on ${engine.address}${engine.webUiUrl ? `; Web UI ${engine.webUiUrl}` : ''}`,
      `Worker polling task queue "${config.taskQueue}"; workspace ${config.workspaceRoot}.`,
      'Run pipelines from another terminal: npx orc run pipelines/hello.yaml. Ctrl-C stops the worker (the server keeps running; orc dev --stop stops it).',
    ].join('\n');
    return serveUntilSignal(worker, context, banner, config.operations.shutdownGraceMs).finally(() =>
      connection.close().catch(() => {}),
    );
  },
};

async function stopDevServer(context: CommandContext): Promise<number> {
  const [{ loadCliConfig }, { stopLocalDevServer }] = await Promise.all([
    import('../config.js'),
    import('../../temporal-dev/index.js'),
  ]);
  const { dataDir } = await loadCliConfig();
  context.note(
    (await stopLocalDevServer(dataDir))
      ? `Stopped the local Temporal dev server (data in ${dataDir}).`
      : `No local dev server started from ${dataDir} is running.`,
  );
  return 0;
}
