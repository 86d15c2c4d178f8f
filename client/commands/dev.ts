// `orc dev`: the local Temporal dev server (started if none is up) and a worker, for
// development. The server keeps running after Ctrl-C; `npm run temporal-dev -- stop` stops it.
import { createPipelineWorker } from '../../workers/index.js';
import { loadCliConfig } from '../config.js';
import { connectToEngine } from '../connect.js';
import { ensureSearchAttributes } from '../search-attributes.js';
import type { CommandContext } from './command.js';
import { serveUntilSignal } from './worker.js';

export async function devCommand(options: { taskQueue?: string }, context: CommandContext): Promise<number> {
  const config = loadCliConfig(options);
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
}
