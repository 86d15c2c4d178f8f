// Records the histories that test/replay replays: runs each pipeline below on a throwaway dev
// server with a real worker and writes its event history to test/histories/<name>.json.
// Run after an intended interpreter change: npx tsx test/support/record-histories.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { freePort, startDevServer } from '../../temporal-dev/index.js';
import { installRuntime, loadWorkflowBundle } from '../../workers/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
import { compatRoot, compileFile, repoRoot } from './temporal.js';

/** name → pipeline file and inputs. Each becomes test/histories/<name>.json. */
const RECORDINGS: Record<string, { file: string; inputs: Record<string, unknown> }> = {
  hello: { file: join(repoRoot, 'pipelines/hello.yaml'), inputs: { name: 'replay' } },
  'parallel-fanout-fanin': { file: join(compatRoot, '02_parallel_fanout_fanin.yaml'), inputs: {} },
};

async function main(): Promise<void> {
  installRuntime();
  const dataDir = await mkdtemp(join(tmpdir(), 'orc-record-'));
  const server = await startDevServer({ port: await freePort(), uiPort: false, searchAttributes: SEARCH_ATTRIBUTE_TYPES, logFile: join(dataDir, 'server.log'), detached: false });
  try {
    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection });
    const taskQueue = 'record-histories';
    const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: await loadWorkflowBundle(dataDir), activities: createActivities({ workspaceRoot: dataDir }) });
    await worker.runUntil(async () => {
      for (const [name, { file, inputs }] of Object.entries(RECORDINGS)) {
        const ir = await compileFile(file);
        const handle = await client.workflow.start('runPipeline', { taskQueue, workflowId: `history-${name}`, args: [{ ir, inputs }] });
        await handle.result();
        await writeFile(join(repoRoot, 'test/histories', `${name}.json`), historyToJSON(await handle.fetchHistory()));
        console.log(`recorded test/histories/${name}.json`);
      }
    });
    await connection.close();
    await nativeConnection.close();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
