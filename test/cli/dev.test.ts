// `orc dev` against a configured server (the suite's): it says where it connected and what it
// polls, serves `orc run --detach`, and stops on Ctrl-C (SIGINT) as its banner says.
import { spawn } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/temporal.js';

describe('orc dev', () => {
  it('connects to the configured server, serves runs, and stops on Ctrl-C', async () => {
    const env = await cliEnvironment();
    const dev = spawn(process.execPath, ['bin/orc.js', 'dev'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    dev.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => dev.on('close', resolve));
    try {
      await expect.poll(() => stderr, { timeout: 90_000, interval: 200 }).toContain('Worker polling task queue');
      expect(stderr).toContain(`Temporal server on ${env.TEMPORAL_ADDRESS}; Web UI ${env.ORC_WEB_UI_URL}`);
      expect(stderr).toContain(`Worker polling task queue "${env.ORC_TASK_QUEUE}"; workspace ${env.ORC_WORKSPACE}.`);
      expect(stderr).toContain('Ctrl-C stops the worker (the server keeps running).');

      const started = await runCli(['run', 'pipelines/hello.yaml', '--detach', '--json', '-i', 'name=dev'], env);
      expect(started.code, started.stderr).toBe(0);
      const { workflow_id: workflowId } = JSON.parse(started.stdout) as { workflow_id: string };
      const connection = await Connection.connect({ address: inject('temporalAddress') });
      try {
        const document = (await new Client({ connection }).workflow.getHandle(workflowId).result()) as ResultDocument;
        expect(document).toMatchObject({ success: true, outputs: { greeting: 'Hello, dev!' } });
      } finally {
        await connection.close();
      }
    } finally {
      dev.kill('SIGINT');
    }
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      exited,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => {
          dev.kill('SIGKILL');
          resolve('still running 30 s after SIGINT');
        }, 30_000);
      }),
    ]);
    clearTimeout(timer);
    expect(stopped, stderr).toBe(0);
    expect(stderr).toContain('SIGINT: stopping the worker gracefully');
    expect(stderr).toContain('Worker stopped.');
  }, 150_000);
});
