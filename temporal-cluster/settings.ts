// The only place temporal-cluster/ reads the environment: where built binaries are cached and
// which tools to use. Everything else gets these values passed in.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ClusterSettings {
  /** Built server binaries, schema files and the persistent cluster of `cluster.ts start` live here. */
  clusterDir: string;
  /** Build this server version instead of the one the pinned Temporal CLI embeds. */
  serverVersion: string | undefined;
  /** A Temporal CLI to read the server version from (as ORC_TEMPORAL_CLI for temporal-dev/). */
  temporalCli: string | undefined;
  /** The folder holding PostgreSQL's `initdb` and `postgres`; found under /usr/lib/postgresql when unset. */
  postgresBin: string | undefined;
  /** The `go` to build with. */
  go: string;
  /** Keep a test run's cluster folder (database, config, logs) instead of deleting it. */
  keepTestCluster: boolean;
}

export function clusterSettings(environment: NodeJS.ProcessEnv = process.env): ClusterSettings {
  return {
    clusterDir: resolve(environment.ORC_CLUSTER_DIR ?? join(homedir(), '.orc', 'cluster')),
    serverVersion: environment.ORC_CLUSTER_SERVER_VERSION || undefined,
    temporalCli: environment.ORC_TEMPORAL_CLI || undefined,
    postgresBin: environment.ORC_POSTGRES_BIN || undefined,
    go: environment.ORC_GO || 'go',
    keepTestCluster: environment.ORC_CLUSTER_KEEP === '1',
  };
}
