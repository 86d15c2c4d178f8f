// SIGTERM to a real `orc worker` in the middle of a run: the activity that fits in the grace
// time finishes on that worker (one attempt); the one that does not is cancelled at the end of
// the grace time and handed back, and another worker runs it; the run completes.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { documentOf } from '../support/run-document.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { progressQuery } from '../../workflows/messages.js';
import { spawnWorker, within, type SpawnedWorker } from './spawn-worker.js';

const PIPELINE = `
id: drain-test
steps:
  - {id: short, tool: slow, action: wait, parameters: {ms: 1500}}
  - {id: long, tool: slow, action: wait, retry: {max_attempts: 3, initial_interval: 1s}, parameters: {ms: 60000, retry_ms: 500}}
  - {id: after, tool: slow, action: wait, depends_on: [short, long], parameters: {ms: 10}}
`;

describe('orc worker graceful shutdown', () => {
  it('lets a short activity finish, hands a long one back to another worker, and the run completes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-drain-'));
    const file = join(folder, 'drain.yaml');
    await writeFile(file, PIPELINE);
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: folder,
      ORC_TASK_QUEUE: uniqueTaskQueue('drain'),
      ORC_TOOLS: 'test/operations/fixtures/slow-tool.ts',
      ORC_LOG_FORMAT: 'text',
    };
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const workers: SpawnedWorker[] = [];
    try {
      const first = await spawnWorker({ ...env, ORC_TEST_WORKER_NAME: 'first', ORC_SHUTDOWN_GRACE_SECONDS: '5' });
      workers.push(first);
      const started = await runCli(['run', file, '--detach', '--json'], env, 90_000);
      expect(started.code, started.stderr).toBe(0);
      const handle = new Client({ connection }).workflow.getHandle(
        (JSON.parse(started.stdout) as { workflow_id: string }).workflow_id,
      );
      await eventually(
        async () => {
          const steps = (await handle.query(progressQuery)).steps;
          return steps.short?.status === 'running' && steps.long?.status === 'running' ? true : undefined;
        },
        60_000,
        'both steps to run on the first worker',
      );

      const second = await spawnWorker({ ...env, ORC_TEST_WORKER_NAME: 'second' });
      workers.push(second);
      const stoppedAt = Date.now();
      const code = await first.stop('SIGTERM');
      expect(code, first.stderr()).toBe(0);
      // Within the grace time plus the cancelled tool's way out, not the long step's 60 s.
      expect(Date.now() - stoppedAt).toBeLessThan(30_000);
      expect(first.stderr()).toContain('SIGTERM: stopping the worker gracefully');

      const document: ResultDocument = await within(
        documentOf(handle),
        90_000,
        () => `the run did not complete; second worker:\n${second.stderr()}`,
      );
      expect(document.status).toBe('completed');
      expect(document.steps.short).toMatchObject({ status: 'completed', attempts: 1, result: { worker: 'first' } });
      expect(document.steps.long).toMatchObject({ status: 'completed', attempts: 2, result: { worker: 'second' } });
      expect(document.steps.after?.result).toMatchObject({ worker: 'second' });
    } finally {
      for (const worker of workers) await worker.stop('SIGTERM').catch(() => worker.process.kill('SIGKILL'));
      await connection.close();
    }
  }, 240_000);
});
