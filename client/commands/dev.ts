// `orc dev`: the local Temporal dev server (started if none is up) and a worker, for
// development. The server keeps running after Ctrl-C; `npm run temporal-dev -- stop` stops it.
import { optionalString } from '../arguments.js';
import { TASK_QUEUE_OPTION, type CommandSpec } from './command.js';
import { serveUntilSignal } from './worker.js';

export const devCommand: CommandSpec = {
  name: 'dev',
  summary: 'start the local Temporal dev server (if none is up) and a worker; print the Web UI address',
  options: [TASK_QUEUE_OPTION],
  run: async ({ options }, context) => {
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
      'Run pipelines from another terminal: npx orc run pipelines/hello.yaml. Ctrl-C stops the worker (the server keeps running).',
    ].join('\n');
    return serveUntilSignal(worker, context, banner, config.operations.shutdownGraceMs).finally(() =>
      connection.close().catch(() => {}),
    );
  },
};
