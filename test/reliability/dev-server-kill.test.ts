// The dev server — what the quickstart and `orc dev` run — killed with SIGKILL while runs are in
// flight: one run in the middle of a chain of code steps, one waiting at an approval. A server of
// its own on a SQLite file (the suite's server stays up), restarted on the same file and port
// after a few seconds down; the worker reconnects by itself, the approval is given with the
// spawned `orc approve`, both runs complete, and no step that completed before the kill runs
// again (journal). The same scenario on a production-shaped cluster: test/cluster/server-kill.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  freePort,
  isServing,
  signalProcessGroup,
  startDevServer,
  type DevServerHandle,
} from '../../temporal-dev/index.js';
import { orcDataConverter } from '../../workers/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { bubblewrapProblem } from '../sandbox/sandbox-pipelines.js';
import { eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import {
  CHAIN_STEP_IDS,
  chainPipeline,
  checkChainJournal,
  completedBeforeKill,
} from '../support/server-kill-scenario.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';
import { waitForApproval } from '../support/wait-for-approval.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the dev-server kill test (its steps are code steps): ${problem}`);

const DOWN_MS = 3_000;

let folder: string;
/** A folder of its own: the sandbox's user must be able to reach it (a mkdtemp folder's children are not). */
let workspace: string;
let port: number;
let server: DevServerHandle | undefined;
let worker: SpawnedWorker | undefined;
let connection: Connection | undefined;
let client: Client;
let env: Record<string, string>;

function startServer(): Promise<DevServerHandle> {
  return startDevServer({
    cli: process.env.ORC_TEMPORAL_CLI,
    port,
    uiPort: false,
    databaseFile: join(folder, 'temporal.db'),
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    logFile: join(folder, 'temporal.log'),
    detached: false,
    readyTimeoutMs: 90_000,
  });
}

beforeAll(async () => {
  if (problem) return;
  folder = await mkdtemp(join(tmpdir(), 'orc-dev-kill-'));
  workspace = await mkdtemp(join(tmpdir(), 'orc-dev-kill-workspace-'));
  port = await freePort();
  server = await startServer();
  env = {
    TEMPORAL_ADDRESS: server.address,
    ORC_DATA_DIR: inject('dataDir'),
    ORC_WORKSPACE: workspace,
    ORC_TASK_QUEUE: uniqueTaskQueue('dev-kill'),
    ORC_LOG_FORMAT: 'text',
  };
  worker = await spawnWorker(env);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
}, 180_000);

afterAll(async () => {
  await worker?.stop('SIGTERM', 30_000).catch(() => worker?.process.kill('SIGKILL'));
  await connection?.close();
  await server?.stop();
  for (const path of [folder, workspace]) if (path) await rm(path, { recursive: true, force: true });
});

describe.skipIf(problem)('the dev server killed with SIGKILL and restarted on its database', () => {
  it('a run mid-chain and a run mid-approval both complete; no completed step runs again', async () => {
    const journal = 'journal.log';
    const chainFile = join(folder, 'chain.yaml');
    await writeFile(chainFile, chainPipeline('dev_kill_chain', journal));
    const chainId = `dev-kill-chain-${Date.now()}`;
    const approvalId = `dev-kill-approval-${Date.now()}`;
    const startRun = async (file: string, id: string, extra: string[] = []) => {
      const started = await runCli(['run', file, '--detach', '--id', id, ...extra], env, 90_000);
      expect(started.code, started.stderr).toBe(0);
    };
    // The approval run first: the chain starts only once it waits, so the chain is early at the kill.
    await startRun(join(repoRoot, 'pipelines/review-and-publish.yaml'), approvalId, ['-i', 'folder=dev-kill']);
    await waitForApproval(client.workflow.getHandle(approvalId), 'review', 60_000);
    await startRun(chainFile, chainId);
    const completedBefore = await completedBeforeKill(client, chainId, () => worker!.stderr());

    const killedAt = Date.now();
    signalProcessGroup(server!.pid, 'SIGKILL');
    await eventually(
      async () => ((await isServing(server!.address, 1_000)) ? undefined : true),
      20_000,
      'the killed server to stop answering',
    );
    // Down for a while: steps running at the kill finish meanwhile and cannot report it.
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
    const restartedAt = Date.now();
    server = await startServer();
    const servingAgainMs = Date.now() - restartedAt;

    const approve = await runCli(['approve', approvalId, 'review', '--set', 'channel=email'], env, 90_000);
    expect(approve.code, approve.stderr).toBe(0);
    const [chainResult, approvalResult] = await Promise.all(
      [chainId, approvalId].map((id) => runCli(['result', id, '--wait', '--json'], env, 240_000)),
    );
    expect(chainResult!.code, `${chainResult!.stderr}\nworker:\n${worker!.stderr().slice(-3_000)}`).toBe(0);
    expect(approvalResult!.code, approvalResult!.stderr).toBe(0);
    const chainDocument = JSON.parse(chainResult!.stdout) as ResultDocument;
    const approvalDocument = JSON.parse(approvalResult!.stdout) as ResultDocument;
    expect(chainDocument.success).toBe(true);
    expect(chainDocument.outputs).toEqual({ last: CHAIN_STEP_IDS.at(-1) });
    expect(approvalDocument.success).toBe(true);
    expect(approvalDocument.outputs.published).toBe(true);
    expect(approvalDocument.steps.publish?.status).toBe('completed');

    const repeated = await checkChainJournal(workspace, journal, completedBefore);
    const completedMs = Date.parse(chainDocument.run.completed_at) - killedAt;
    console.log(
      `dev server kill: down ${DOWN_MS / 1000} s, answering ${(servingAgainMs / 1000).toFixed(1)} s after the restart; ` +
        `the chain completed ${(completedMs / 1000).toFixed(1)} s after the kill; ${completedBefore.length} steps completed ` +
        `before the kill ran once; steps run again: ${repeated.join(', ') || 'none'}`,
    );
  }, 420_000);
});
