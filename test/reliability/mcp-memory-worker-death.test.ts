// mcp-memory lives in the workflow's state: a real `orc worker` killed with SIGKILL after the
// run stored its values, and the next worker (which replays the history) reads them back.
import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { connectTestClient, TestWorkers, workerEnvironment } from '../support/test-workers.js';
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
const workers = new TestWorkers();

beforeAll(async () => {
  ({ connection, client } = await connectTestClient());
});

afterAll(async () => {
  await workers.killAll();
  await connection?.close();
});

describe('mcp-memory and a killed worker', () => {
  it('values stored before the kill are read after it, on another worker', async () => {
    const { ir, diagnostics } = compilePipeline(PIPELINE, { file: 'memory-kill.yaml' });
    if (!ir) throw new Error(diagnostics.map((item) => item.message).join('\n'));
    const env = await workerEnvironment({ label: 'memory-kill', extra: { ORC_LOG_FORMAT: 'text' } });
    const first = await workers.spawn(env);
    const engine = { client, taskQueue: env.ORC_TASK_QUEUE!, workspaceRoot: env.ORC_WORKSPACE! };
    const handle = await startPipeline(engine, ir, { topic: 'durable memory' });
    await waitForApproval(handle, 'hold', 60_000);
    await workers.kill(first);
    const second = await workers.spawn(env);
    await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'hold', approved: true }] });
    const document = await documentOf(handle);
    expect(document.status).toBe('completed');
    expect(document.outputs).toEqual({ topic: 'durable memory', keys: ['topic', 'sources'] });
    await second.stop('SIGTERM');
  }, 240_000);
});
