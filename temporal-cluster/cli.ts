// Shell entry: `npx tsx temporal-cluster/cli.ts build|start|stop|status` — a persistent
// production-shaped cluster in ORC_CLUSTER_RUN_DIR (binaries cached in ORC_CLUSTER_DIR).
import { existsSync } from 'node:fs';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.js';
import {
  CommandFailedError,
  clusterSettings,
  clusterStatus,
  ensureServerBinaries,
  readClusterState,
  serverVersionFor,
  startCluster,
  stateFileOf,
  stopClusterProcesses,
} from './index.js';

const settings = clusterSettings();
const runtimeDir = settings.runDir;
const stateFile = stateFileOf(runtimeDir);
const log = (message: string) => console.error(message);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'build': {
      const binaries = await ensureServerBinaries(settings, await serverVersionFor(settings, log), log);
      console.log(`${binaries.server}\n${binaries.sqlTool}`);
      return 0;
    }
    case 'start': {
      if (existsSync(stateFile) && (await clusterStatus(await readClusterState(stateFile))).serving) {
        console.log(`Already running on ${(await readClusterState(stateFile)).address}.`);
        return 0;
      }
      const cluster = await startCluster({
        settings,
        runtimeDir,
        searchAttributes: SEARCH_ATTRIBUTE_TYPES,
        log,
        keepAfterExit: true,
      });
      console.log(`Temporal ${cluster.build.version} on PostgreSQL: TEMPORAL_ADDRESS=${cluster.address}`);
      return 0;
    }
    case 'stop':
      if (!existsSync(stateFile)) {
        console.log(`No cluster was started from ${runtimeDir}.`);
        return 0;
      }
      await stopClusterProcesses(await readClusterState(stateFile));
      console.log('Stopped the Temporal services and PostgreSQL.');
      return 0;
    case 'status': {
      if (!existsSync(stateFile)) {
        console.log('Not running.');
        return 1;
      }
      const state = await readClusterState(stateFile);
      const status = await clusterStatus(state);
      console.log(JSON.stringify({ address: state.address, ...status }, null, 2));
      return status.serving ? 0 : 1;
    }
    default:
      console.error('usage: npx tsx temporal-cluster/cli.ts build|start|stop|status   (under ORC_CLUSTER_DIR)');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof CommandFailedError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
