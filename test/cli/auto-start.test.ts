// The quickstart path (cli.md, "One command, nothing running"): no address configured and no
// server on localhost:7233 → `orc run` starts the local dev server and an in-process worker.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isServing, stopLocalDevServer, waitUntilServing } from '../../temporal-dev/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';

const dataDir = await mkdtemp(join(tmpdir(), 'orc-autostart-'));

afterAll(async () => {
  await stopLocalDevServer(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe('orc run with nothing running', () => {
  it('refuses a wrong ORC_TEMPORAL_CLI at once, naming it, instead of waiting 60 s for a server that never starts', async () => {
    // With a server already on 7233 there is nothing to start, so the path is not taken.
    if (await isServing('127.0.0.1:7233')) return;
    const missing = join(dataDir, 'no-such-temporal');
    const started = Date.now();
    const result = await runCli(
      ['run', 'pipelines/hello.yaml'],
      { ORC_DATA_DIR: dataDir, ORC_TEMPORAL_CLI: missing, ORC_TASK_QUEUE: `autostart-bad-cli-${process.pid}` },
      90_000,
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`ORC_TEMPORAL_CLI is "${missing}"`);
    expect(result.stderr).toContain('correct the path, or unset it');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Before, the command waited for the server's 60 s start-up timeout.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 120_000);

  it('starts the dev server in the background, runs hello.yaml and prints the Web UI link', async () => {
    const alreadyUp = await isServing('127.0.0.1:7233');
    const workspace = await mkdtemp(join(tmpdir(), 'orc-autostart-ws-'));
    const result = await runCli(
      ['run', 'pipelines/hello.yaml', '--json'],
      { ORC_DATA_DIR: dataDir, ORC_WORKSPACE: workspace, ORC_TASK_QUEUE: `autostart-${process.pid}` },
      120_000,
    );
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as ResultDocument;
    expect(document.success).toBe(true);
    if (!alreadyUp) expect(result.stderr).toContain('starting the local dev server');
    expect(result.stderr).toMatch(/Web UI: http:\/\/localhost:8233\/namespaces\/default\/workflows\/hello-/);
    // The server outlives the command, so the next run reuses it.
    await expect(waitUntilServing('127.0.0.1:7233', 15_000)).resolves.toBeUndefined();
    const second = await runCli(
      ['run', 'pipelines/hello.yaml', '--json', '-i', 'name=again'],
      { ORC_DATA_DIR: dataDir, ORC_WORKSPACE: workspace, ORC_TASK_QUEUE: `autostart-${process.pid}` },
      120_000,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('starting the local dev server');
  }, 240_000);
});
