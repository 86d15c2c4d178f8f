// `orc worker` in the foreground, `orc run --detach` against it, and a graceful SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';

describe('orc worker', () => {
  it('serves detached runs and stops gracefully on SIGTERM', async () => {
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-worker-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('worker'),
      NO_COLOR: '1',
    };
    const worker = spawn(process.execPath, [join(repoRoot, 'bin/orc.js'), 'worker'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.on('close', resolve));
    try {
      await waitFor(
        () => stderr.includes('Worker polling task queue'),
        60_000,
        () => stderr,
      );
      const started = await runCli(['run', 'pipelines/hello.yaml', '--detach', '--json'], env);
      expect(started.code, started.stderr).toBe(0);
      expect(started.stderr).not.toContain('running one inside this command');
      const { workflow_id: workflowId } = JSON.parse(started.stdout) as { workflow_id: string };
      const connection = await Connection.connect({ address: inject('temporalAddress') });
      const document = (await new Client({ connection }).workflow.getHandle(workflowId).result()) as ResultDocument;
      await connection.close();
      expect(document.success).toBe(true);
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping the worker gracefully');
  }, 120_000);

  it('refuses --detach when no worker polls the task queue', async () => {
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_TASK_QUEUE: uniqueTaskQueue('nobody'),
    };
    const result = await runCli(['run', 'pipelines/hello.yaml', '--detach'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--detach needs a worker');
    expect(result.stderr).toContain('hint: start one with "orc worker"');
  });

  it('says the configured server refused it, with a hint, when nothing answers at TEMPORAL_ADDRESS', async () => {
    const env = { TEMPORAL_ADDRESS: '127.0.0.1:1', ORC_DATA_DIR: inject('dataDir') };
    const result = await runCli(['worker'], env, 60_000);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('orc: cannot start a worker against 127.0.0.1:1: connection refused');
    expect(result.stderr).toContain('hint: is the server up and reachable from here? Check TEMPORAL_ADDRESS');
    expect(result.stderr).not.toContain('tonic::');
  }, 90_000);
});

async function waitFor(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
