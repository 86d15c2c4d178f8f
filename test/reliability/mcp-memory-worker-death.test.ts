// mcp-memory lives in the workflow's state: a real `orc worker` killed with SIGKILL after the
// run stored its values, and the next worker (which replays the history) reads them back.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { waitForApproval } from '../support/wait-for-approval.js';

const PIPELINE = `
id: memory_across_workers
parameters:
  topic: {type: string}
steps:
  - {id: remember, tool: mcp-memory, action: execute, parameters: {action: store, namespace: run, key: topic, value: "{{ topic }}"}}
  - {id: remember_more, tool: mcp-memory, action: store, parameters: {namespace: run, key: sources, value: [a, b]}, depends_on: [remember]}
  - {id: hold, approval: {title: Go on?}, depends_on: [remember_more]}
  - {id: recall, tool: mcp-memory, action: retrieve, parameters: {namespace: run, key: topic}, depends_on: [hold]}
  - {id: keys, tool: mcp-memory, action: list, parameters: {namespace: run}, depends_on: [hold]}
outputs:
  topic: "{{ recall.result.value }}"
  keys: "{{ keys.result.keys }}"
`;

let connection: Connection;
let client: Client;
const workers: SpawnedWorker[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
});

afterAll(async () => {
  for (const worker of workers) worker.process.kill('SIGKILL');
  await connection?.close();
});

describe('mcp-memory and a killed worker', () => {
  it('values stored before the kill are read after it, on another worker', async () => {
    const { ir, diagnostics } = compilePipeline(PIPELINE, { file: 'memory-kill.yaml' });
    if (!ir) throw new Error(diagnostics.map((item) => item.message).join('\n'));
    const taskQueue = uniqueTaskQueue('memory-kill');
    const workspace = await mkdtemp(join(tmpdir(), 'orc-memory-kill-'));
    const start = () =>
      spawnWorker({
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        ORC_DATA_DIR: inject('dataDir'),
        ORC_WORKSPACE: workspace,
        ORC_TASK_QUEUE: taskQueue,
        ORC_LOG_FORMAT: 'text',
      });
    const first = await start();
    workers.push(first);
    const engine = { client, taskQueue, workspaceRoot: workspace };
    const handle = await startPipeline(engine, ir, { topic: 'durable memory' });
    await waitForApproval(handle, 'hold', 60_000);
    first.process.kill('SIGKILL');
    await first.exited;
    const second = await start();
    workers.push(second);
    await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'hold', approved: true }] });
    const document = await documentOf(handle);
    expect(document.status).toBe('completed');
    expect(document.outputs).toEqual({ topic: 'durable memory', keys: ['topic', 'sources'] });
    await second.stop('SIGTERM');
  }, 240_000);
});
