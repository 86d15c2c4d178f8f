// The server's configuration file: PostgreSQL for persistence and (SQL, "advanced") visibility,
// one block per service with its own ports, membership on loopback, no auth (loopback only).
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { POSTGRES_USER } from './postgres.js';
import { POSTGRES_PLUGIN } from './schema.js';

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServicePorts {
  grpcPort: number;
  membershipPort: number;
  /** Only the frontend serves HTTP (Temporal's HTTP API). */
  httpPort?: number;
}

export interface ServerConfigInput {
  ports: Record<ServiceName, ServicePorts>;
  postgres: { port: number; password: string };
  databases: { temporal: string; visibility: string };
  dynamicConfigFile: string;
  /** Fixed for the life of the database: Temporal cannot change it later. */
  historyShards: number;
}

export function serverConfigText(input: ServerConfigInput): string {
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: POSTGRES_PLUGIN,
      databaseName,
      connectAddr: `127.0.0.1:${input.postgres.port}`,
      connectProtocol: 'tcp',
      user: POSTGRES_USER,
      password: input.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const frontend = `127.0.0.1:${input.ports.frontend.grpcPort}`;
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: input.historyShards,
      datastores: {
        'postgres-default': datastore(input.databases.temporal, 10),
        'postgres-visibility': datastore(input.databases.visibility, 4),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(
      SERVICES.map((service) => [service, { rpc: { ...input.ports[service], bindOnIP: '127.0.0.1' } }]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    publicClient: { hostPort: frontend },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  });
}

/**
 * Production defaults. Approvals are workflow updates: on by default in this server, stated
 * here so that an operator who edits the file sees what orc relies on.
 */
export const DYNAMIC_CONFIG_TEXT = stringify({
  'frontend.enableUpdateWorkflowExecution': [{ value: true, constraints: {} }],
});

export async function writeServerConfig(file: string, input: ServerConfigInput): Promise<void> {
  await writeFile(file, serverConfigText(input), { mode: 0o600 });
}
