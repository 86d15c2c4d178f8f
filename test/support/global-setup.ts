// One real Temporal dev server for the whole suite: free ports, a throwaway database, our
// search attributes; and the workflow bundle built once into the shared data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { obtainTemporalCli, startDevServerOnFreePorts } from '../../temporal-dev/index.js';
import { loadWorkflowBundle } from '../../workers/workflow-bundle.js';
import { buildOrcForTests } from './compiled-orc.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    webUiUrl: string;
    dataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'orc-test-'));
  // The CLI comes from the user's data folder (where `npm run temporal-dev -- path` put it),
  // not from the suite's throwaway one; every `orc` the tests spawn uses the same binary.
  const cli = await obtainTemporalCli({
    explicitPath: process.env.ORC_TEMPORAL_CLI,
    dataDir: process.env.ORC_DATA_DIR,
    log: (message) => console.log(message),
  });
  process.env.ORC_TEMPORAL_CLI = cli;
  const server = await startDevServerOnFreePorts({
    cli,
    withUi: true,
    databaseFile: join(dataDir, 'temporal.db'),
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    logFile: join(dataDir, 'temporal.log'),
    detached: false,
    readyTimeoutMs: 90_000,
  });
  const bundle = await loadWorkflowBundle(dataDir);
  // Every `orc` the tests spawn (bin/orc.js) runs the current sources — compiled for the suite
  // (test/support/compiled-orc.ts), or through tsx with ORC_TEST_FROM_SOURCE=1 — never a dist/
  // that may be older than them; forked test files inherit this.
  if (process.env.ORC_TEST_FROM_SOURCE === '1') process.env.ORC_FROM_SOURCE = '1';
  else process.env.ORC_BUILD_DIR = await buildOrcForTests(bundle.code, (message) => console.log(message));
  project.provide('temporalAddress', server.address);
  project.provide('webUiUrl', server.uiUrl ?? '');
  project.provide('dataDir', dataDir);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
