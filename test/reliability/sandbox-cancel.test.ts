// Cancelling a run while its code step runs `sleep 60` in the sandbox: the worker must not
// report the step's activity cancelled while any process of the sandbox still runs. A real
// `orc worker` logs "Activity completed as cancelled" (debug level) at the moment it reports
// it; the sandbox's processes, which closed their output so that no pipe tells of them, are
// looked at the instant that line arrives. One holds 1 GB: the kernel takes a moment to free
// it after the kill, long enough to see a report that did not wait for the processes' end.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { spawnWorker, within } from '../operations/spawn-worker.js';
import { eventually } from '../support/cli-runs.js';
import { startPipeline } from '../support/run-document.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { bubblewrapProblem, compileText } from '../sandbox/sandbox-pipelines.js';
import {
  aliveAmong,
  HOLD_A_GIGABYTE,
  killProcessesWith,
  largestResident,
  processesWith,
  snapshotWith,
} from './sandbox-processes.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the sandbox cancellation test: ${problem}`);

// `sleep 60.PID`: sixty seconds, and a command line no other test's processes have.
const SECONDS = `60.${process.pid}`;
const PIPELINE = `
id: sandbox_cancel
steps:
  - id: sleepy
    tool: terminal
    action: execute
    parameters:
      timeout: 120
      command: ${JSON.stringify(`exec >/dev/null 2>&1; for i in $(seq 40); do sleep ${SECONDS} & done; ${HOLD_A_GIGABYTE(SECONDS)}`)}
`;

describe.skipIf(problem !== undefined)('cancelling a run while sandboxed code runs', () => {
  it('the worker reports the step cancelled only once every sandboxed process is gone', async () => {
    const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-reliability-cancel-'));
    const taskQueue = uniqueTaskQueue('reliability-cancel');
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const worker = await spawnWorker({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: workspaceRoot,
      ORC_TASK_QUEUE: taskQueue,
      ORC_LOG_FORMAT: 'text',
      ORC_LOG_LEVEL: 'DEBUG',
    });
    try {
      const client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
      const handle = await startPipeline({ client, taskQueue, workspaceRoot }, compileText(PIPELINE));
      await eventually(
        async () => (processesWith(SECONDS).length >= 42 && largestResident(SECONDS) >= 1e9 ? true : undefined),
        60_000,
        'the sandbox to start its 41 processes, one holding 1 GB',
      );
      const sandbox = snapshotWith(SECONDS);
      const reported = new Promise<string[]>((resolve) => {
        worker.process.stderr!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Activity completed as cancelled')) resolve(aliveAmong(sandbox));
        });
      });
      await handle.cancel();
      const aliveWhenReported = await within(
        reported,
        30_000,
        () => `the worker did not report the activity cancelled; stderr:\n${worker.stderr().slice(-4000)}`,
      );
      expect(aliveWhenReported).toEqual([]);
      await handle.result().catch(() => undefined);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      expect(processesWith(SECONDS)).toEqual([]);
    } finally {
      await worker.stop('SIGTERM');
      killProcessesWith(SECONDS);
      await connection.close();
    }
  }, 120_000);
});
