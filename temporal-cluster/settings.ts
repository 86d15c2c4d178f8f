// The only place temporal-cluster/ reads the environment: where built binaries are cached and
// which tools to use. Everything else gets these values passed in.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ClusterSettings {
  /** Built server binaries and schema files, by version. */
  clusterDir: string;
  /**
   * The persistent cluster of `cli.ts start`: database, config, logs. As root PostgreSQL runs
   * as `postgres`, which cannot enter /root, so root's default is /var/lib/orc-cluster.
   */
  runDir: string;
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
  const clusterDir = resolve(environment.ORC_CLUSTER_DIR ?? join(homedir(), '.orc', 'cluster'));
  return {
    clusterDir,
    runDir: resolve(
      environment.ORC_CLUSTER_RUN_DIR ?? (process.getuid?.() === 0 ? '/var/lib/orc-cluster' : join(clusterDir, 'run')),
    ),
    serverVersion: environment.ORC_CLUSTER_SERVER_VERSION || undefined,
    temporalCli: environment.ORC_TEMPORAL_CLI || undefined,
    postgresBin: environment.ORC_POSTGRES_BIN || undefined,
    go: environment.ORC_GO || 'go',
    keepTestCluster: environment.ORC_CLUSTER_KEEP === '1',
  };
}
