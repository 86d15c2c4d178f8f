// The Temporal server's processes killed with SIGKILL while runs are in flight: one run in the
// middle of a chain of code steps, one waiting at an approval. On a cluster of its own (built
// from source, four services, its own databases in the suite's PostgreSQL), so the other test
// files keep their server. The services come back on the same database, the approval is given
// with the spawned `orc approve`, and both runs complete; a step that had completed before the
// kill never runs again (its journal line appears once). Only in `npm run test:cluster`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SERVICES,
  clusterSettings,
  killServices,
  restartServices,
  startCluster,
  type ClusterHandle,
  type ServiceName,
} from '../../temporal-cluster/index.js';
import { isServing } from '../../temporal-dev/index.js';
import { orcDataConverter } from '../../workers/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
import { spawnWorker, type SpawnedWorker } from '../operations/spawn-worker.js';
import { bubblewrapProblem } from '../sandbox/sandbox-pipelines.js';
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
if (problem) console.warn(`skipping the server-kill tests (their steps are code steps): ${problem}`);

const DOWN_MS = 3_000;

let cluster: ClusterHandle | undefined;
let worker: SpawnedWorker | undefined;
let connection: Connection | undefined;
let client: Client;
let env: Record<string, string>;
let workspace: string;

beforeAll(async () => {
  if (problem) return;
  cluster = await startCluster({
    settings: clusterSettings(),
    runtimeDir: await mkdtemp(join(inject('dataDir'), 'kill-cluster-')),
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    log: (message) => console.log(message),
    keepAfterExit: false,
    sharedPostgres: inject('clusterPostgres'),
    databasePrefix: `kill_${process.pid}`,
  });
  workspace = await mkdtemp(join(tmpdir(), 'orc-cluster-kill-'));
  env = {
    TEMPORAL_ADDRESS: cluster.address,
    ORC_DATA_DIR: inject('dataDir'),
    ORC_WORKSPACE: workspace,
    ORC_TASK_QUEUE: uniqueTaskQueue('cluster-kill'),
    ORC_LOG_FORMAT: 'text',
  };
  worker = await spawnWorker(env);
  connection = await Connection.connect({ address: cluster.address });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
});

afterAll(async () => {
  await worker?.stop('SIGTERM', 30_000).catch(() => worker?.process.kill('SIGKILL'));
  await connection?.close();
  await cluster?.stop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

const TARGETS: [string, readonly ServiceName[]][] = [
  ['all four services', SERVICES],
  ['the history service alone', ['history']],
  ['the frontend service alone', ['frontend']],
];

describe.skipIf(problem)('the Temporal server killed with SIGKILL and restarted on its database', () => {
  it.each(TARGETS)(
    '%s: a run mid-chain and a run mid-approval both complete',
    async (label, services) => {
      const tag = services.length === 1 ? services[0]! : 'all';
      const journal = `journal-${tag}.log`;
      const chainFile = join(workspace, `chain-${tag}.yaml`);
      await writeFile(chainFile, chainPipeline('cluster_kill_chain', journal));
      const chainId = `cluster-kill-chain-${tag}-${Date.now()}`;
      const approvalId = `cluster-kill-approval-${tag}-${Date.now()}`;
      // The approval run first: the chain starts only once it waits, so that the chain is still
      // early when the kill is due (a loaded machine takes seconds to spawn each `orc`).
      const startRun = async (file: string, id: string, extra: string[] = []) => {
        const started = await runCli(['run', file, '--detach', '--id', id, ...extra], env, 90_000);
        expect(started.code, started.stderr).toBe(0);
      };
      await startRun(join(repoRoot, 'pipelines/review-and-publish.yaml'), approvalId, ['-i', `folder=${tag}`]);
      await waitForApproval(client.workflow.getHandle(approvalId), 'review', 60_000);
      await startRun(chainFile, chainId);
      const completedBefore = await completedBeforeKill(client, chainId, () => worker!.stderr());

      const killedAt = Date.now();
      await killServices(cluster!.stateFile, services);
      if (services.includes('frontend')) expect(await isServing(cluster!.address, 1_000)).toBe(false);
      // Down for a while: steps running at the kill finish meanwhile and cannot report it.
      await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
      const restartedAt = Date.now();
      await restartServices(cluster!.stateFile, services);
      const servingAgainMs = Date.now() - restartedAt;

      const approve = await runCli(['approve', approvalId, 'review', '--set', 'channel=email'], env, 90_000);
      expect(approve.code, approve.stderr).toBe(0);
      const [chainResult, approvalResult] = await Promise.all(
        [chainId, approvalId].map((id) => runCli(['result', id, '--wait', '--json'], env, 240_000)),
      );
      expect(chainResult!.code, `${chainResult!.stderr}\nworker:\n${worker!.stderr()}`).toBe(0);
      expect(approvalResult!.code, approvalResult!.stderr).toBe(0);
      const chainDocument = JSON.parse(chainResult!.stdout) as ResultDocument;
      const approvalDocument = JSON.parse(approvalResult!.stdout) as ResultDocument;
      const completedMs = Date.parse(chainDocument.run.completed_at) - killedAt;

      expect(chainDocument.success).toBe(true);
      expect(chainDocument.outputs).toEqual({ last: CHAIN_STEP_IDS.at(-1) });
      expect(approvalDocument.success).toBe(true);
      expect(approvalDocument.outputs.published).toBe(true);
      expect(approvalDocument.steps.publish?.status).toBe('completed');
      expect(approvalDocument.steps.record_rejection?.status).toBe('skipped');

      const repeated = await checkChainJournal(workspace, journal, completedBefore);
      console.log(
        `cluster kill (${label}): down ${DOWN_MS / 1000} s, answering ${(servingAgainMs / 1000).toFixed(1)} s after ` +
          `the restart; the chain completed ${(completedMs / 1000).toFixed(1)} s after the kill; ${completedBefore.length} steps ` +
          `completed before the kill ran once; steps run again: ${repeated.join(', ') || 'none'}`,
      );
    },
    420_000,
  );
});
