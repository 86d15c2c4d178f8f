// The cluster job (`npm run test:cluster`): the same test layers as global-setup.ts provides
// them, but against a production-shaped Temporal — the server built from source, its four
// services as separate processes, on PostgreSQL — instead of the dev server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { clusterSettings, startCluster } from '../../temporal-cluster/index.js';
import { loadWorkflowBundle } from '../../workers/workflow-bundle.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster's state file (services' pids and ports): test/cluster kills and restarts them. */
    clusterStateFile: string;
    /** The cluster's PostgreSQL, for a test that sets up a second cluster of its own on it. */
    clusterPostgres: { port: number; password: string; pid: number; dataDir: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = clusterSettings();
  const dataDir = await mkdtemp(join(tmpdir(), 'orc-cluster-test-'));
  // Apart from dataDir (mode 0700): as root, PostgreSQL runs as `postgres` and must reach it.
  const runtimeDir = await mkdtemp(join(tmpdir(), 'orc-cluster-'));
  const started = Date.now();
  const cluster = await startCluster({
    settings,
    runtimeDir,
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    log: (message) => console.log(message),
    keepAfterExit: false,
  });
  console.log(
    `Temporal ${cluster.build.version} (built with ${cluster.build.goVersion}) on PostgreSQL answers on ` +
      `${cluster.address}, ready in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  await loadWorkflowBundle(dataDir);
  // As in global-setup.ts: every `orc` the tests spawn runs the sources, not an older dist/.
  process.env.ORC_FROM_SOURCE = '1';
  project.provide('temporalAddress', cluster.address);
  // No Web UI runs here (a self-hosted one is temporalio/ui-server, on 8080 by default): `orc`
  // prints links under the base it is given, as it does for any server but the dev server.
  project.provide('webUiUrl', 'http://localhost:8080');
  project.provide('dataDir', dataDir);
  project.provide('clusterStateFile', cluster.stateFile);
  project.provide('clusterPostgres', cluster.postgres);
  return async () => {
    await cluster.stop();
    console.log('Stopped the cluster: none of its processes is left running.');
    if (settings.keepTestCluster) console.log(`Kept the cluster's folder (ORC_CLUSTER_KEEP=1): ${runtimeDir}`);
    else await rm(runtimeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
}
