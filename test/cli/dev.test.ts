// `orc dev` against a configured server (the suite's): it says where it connected and what it
// polls, serves `orc run --detach`, and stops on Ctrl-C (SIGINT) as its banner says.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { ensureLocalDevServer, freePort, isServing, stopLocalDevServer } from '../../temporal-dev/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
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
      expect(stderr).toContain('Ctrl-C stops the worker (the server keeps running; orc dev --stop stops it).');

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

describe('orc dev --stop', () => {
  it('stops the local dev server orc started, which an installed orc had no command for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'orc-dev-stop-'));
    // The server `orc run` would start in the background, on a free port so as not to meet another.
    const port = await freePort();
    const server = await ensureLocalDevServer({
      dataDir,
      port,
      uiPort: await freePort(),
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      obtain: { explicitPath: process.env.ORC_TEMPORAL_CLI, dataDir },
    });
    try {
      expect(await isServing(server.address)).toBe(true);
      const stopped = await runCli(['dev', '--stop'], { ORC_DATA_DIR: dataDir }, 60_000);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toContain(`Stopped the local Temporal dev server (data in ${dataDir}).`);
      expect(await isServing(server.address)).toBe(false);
      const again = await runCli(['dev', '--stop'], { ORC_DATA_DIR: dataDir }, 60_000);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`No local dev server started from ${dataDir} is running.`);
    } finally {
      await stopLocalDevServer(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
