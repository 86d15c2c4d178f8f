// Load: many small runs started at once against two real `orc worker` processes — every run
// completes, the time to drain them, the workers' peak RSS (sampled from /proc), and no error
// in the workers' logs. CI size: 50 runs; ORC_RELIABILITY_LOAD_RUNS scales it (test only;
// `npm run test:reliability-full` runs 1,000, the figures are in docs/reliability.md).
import { readFile } from 'node:fs/promises';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentOf } from '../support/run-document.js';
import { compileTest } from '../support/test-tools.js';
import { connectTestClient, TestWorkers, workerEnvironment } from '../support/test-workers.js';

const RUNS = Number(process.env.ORC_RELIABILITY_LOAD_RUNS ?? 50);
const STARTS_AT_ONCE = 50;
const PIPELINE = `id: small
steps:
  - {id: write, tool: filesystem, action: write, parameters: {path: "load/{{ execution.id }}.txt", content: "run {{ execution.id }}"}}
  - {id: read, tool: filesystem, action: read, parameters: {path: "load/{{ execution.id }}.txt"}, depends_on: [write]}
outputs:
  text: "{{ read.result.content }}"
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

async function rssMegabytes(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

describe('load', () => {
  it(`${RUNS} small runs started at once on 2 workers all complete, with no error in the workers' logs`, async () => {
    const env = await workerEnvironment({ label: 'load', extra: { ORC_LOG_FORMAT: 'json' } });
    const taskQueue = env.ORC_TASK_QUEUE!;
    const both = await Promise.all([workers.spawn(env), workers.spawn(env)]);
    const peakRss = [0, 0];
    const sampler = setInterval(() => {
      both.forEach(
        (worker, index) =>
          void rssMegabytes(worker.process.pid).then((rss) => (peakRss[index] = Math.max(peakRss[index]!, rss))),
      );
    }, 500);

    const ir = compileTest(PIPELINE);
    const startedAtMs = Date.now();
    const handles: WorkflowHandle[] = [];
    // Started in batches so the test's own client is not what limits the start.
    for (let first = 0; first < RUNS; first += STARTS_AT_ONCE) {
      const batch = Array.from({ length: Math.min(STARTS_AT_ONCE, RUNS - first) }, (_, index) =>
        client.workflow.start('runPipeline', {
          taskQueue,
          workflowId: `load-${taskQueue}-${first + index}`,
          args: [{ ir, inputs: {} }],
        }),
      );
      handles.push(...(await Promise.all(batch)));
    }
    const startSeconds = (Date.now() - startedAtMs) / 1000;
    const documents = await Promise.all(handles.map((handle) => documentOf(handle)));
    const drainSeconds = (Date.now() - startedAtMs) / 1000;
    clearInterval(sampler);

    const completed = documents.filter((document) => document.status === 'completed').length;
    const errorLines = workers
      .stderr()
      .split('\n')
      // Case-blind on the level only: a WARN line's "error" field is no error.
      .filter((line) => /"level":"(error|fatal)"/i.test(line) || /\bERROR\b/.test(line));
    console.log(
      `load: ${completed} of ${RUNS} runs completed; started in ${startSeconds.toFixed(1)} s, drained in ${drainSeconds.toFixed(1)} s ` +
        `(${(RUNS / drainSeconds).toFixed(1)} runs/s); worker peak RSS ${peakRss.map((mb) => `${mb.toFixed(0)} MB`).join(' and ')}; ` +
        `error lines in the workers' logs: ${errorLines.length}`,
    );
    expect(completed).toBe(RUNS);
    expect(documents.every((document, index) => document.outputs.text === `run ${handles[index]!.workflowId}`)).toBe(
      true,
    );
    expect(errorLines, errorLines.slice(0, 5).join('\n')).toEqual([]);
  }, 1_800_000);
});
