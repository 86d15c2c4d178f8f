// A production-shaped Temporal: PostgreSQL, the schema set up by temporal-sql-tool, and the
// frontend, history, matching and worker services as four processes, with the `default`
// namespace and our search attributes. Everything it started is written to a state file.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../temporal-dev/index.js';
import { ensureServerBinaries, serverVersionFor, type BuildRecord } from './build.js';
import { prepareNamespace } from './namespace.js';
import { ensurePostgresInstalled, startPostgres } from './postgres.js';
import { applySchema } from './schema.js';
import {
  DYNAMIC_CONFIG_TEXT,
  SERVICES,
  writeServerConfig,
  type ServiceName,
  type ServicePorts,
} from './server-config.js';
import {
  readClusterState,
  startService,
  stopClusterProcesses,
  waitForFrontend,
  writeClusterState,
  type ClusterState,
} from './services.js';
import type { ClusterSettings } from './settings.js';

export interface StartClusterOptions {
  settings: ClusterSettings;
  /** Holds the PostgreSQL data (unless shared), the config, the logs and the state file. */
  runtimeDir: string;
  searchAttributes: Record<string, string>;
  log: (message: string) => void;
  /** Leave the processes running when this process exits (`cluster.ts start`). */
  keepAfterExit: boolean;
  /** Use this running PostgreSQL (its own databases, `<prefix>` and `<prefix>_visibility`). */
  sharedPostgres?: { port: number; password: string; pid: number; dataDir: string };
  databasePrefix?: string;
  readyTimeoutMs?: number;
}

export interface ClusterHandle {
  address: string;
  stateFile: string;
  build: BuildRecord;
  postgres: { port: number; password: string; pid: number; dataDir: string };
  stop(): Promise<void>;
}

export const stateFileOf = (runtimeDir: string) => join(runtimeDir, 'cluster.json');

export async function startCluster(options: StartClusterOptions): Promise<ClusterHandle> {
  const { settings, runtimeDir, log } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const binaries = await ensureServerBinaries(settings, await serverVersionFor(settings, log), log);
  // PostgreSQL runs as its own user under a root test run: it must be able to reach its folder.
  await mkdir(runtimeDir, { recursive: true });
  await chmod(runtimeDir, 0o755);
  const logDir = join(runtimeDir, 'logs');
  await mkdir(logDir, { recursive: true });

  const postgres = options.sharedPostgres ?? (await startOwnPostgres(options, logDir));
  const prefix = options.databasePrefix ?? 'temporal';
  const databases = { temporal: prefix, visibility: `${prefix}_visibility` };
  const schemaTarget = { ...binaries, port: postgres.port, password: postgres.password, markerDir: runtimeDir };
  log(`Applying Temporal's schema to PostgreSQL databases ${databases.temporal} and ${databases.visibility} …`);
  await applySchema(schemaTarget, databases.temporal, 'temporal');
  await applySchema(schemaTarget, databases.visibility, 'visibility');

  const configFile = join(runtimeDir, 'temporal-server.yaml');
  const dynamicConfigFile = join(runtimeDir, 'dynamic-config.yaml');
  await writeFile(dynamicConfigFile, DYNAMIC_CONFIG_TEXT);
  const ports = await servicePorts(runtimeDir);
  await writeServerConfig(configFile, {
    ports,
    postgres,
    databases,
    dynamicConfigFile,
    historyShards: 4,
  });
  const base = { serverBinary: binaries.server, configFile, logDir };
  const pids = Object.fromEntries(
    SERVICES.map((service) => [service, startService(base, service, options.keepAfterExit)]),
  );
  const state: ClusterState = {
    ...base,
    version: binaries.version,
    address: `127.0.0.1:${ports.frontend.grpcPort}`,
    namespace: 'default',
    postgres: { pid: postgres.pid, port: postgres.port, dataDir: postgres.dataDir, owned: !options.sharedPostgres },
    services: Object.fromEntries(
      SERVICES.map((service) => [service, { ...ports[service], pid: pids[service]! }]),
    ) as ClusterState['services'],
  };
  const stateFile = stateFileOf(runtimeDir);
  await writeClusterState(stateFile, state);
  const stop = async () => stopClusterProcesses(await readClusterState(stateFile));
  try {
    log(`Starting the Temporal services (${SERVICES.join(', ')}) on ${state.address} …`);
    await waitForFrontend(state, readyTimeoutMs);
    await prepareNamespace(state.address, state.namespace, options.searchAttributes, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: state.address, stateFile, build: binaries.build, postgres, stop };
}

async function startOwnPostgres(options: StartClusterOptions, logDir: string) {
  const bin = await ensurePostgresInstalled(options.settings.postgresBin, options.log);
  const dataDir = join(options.runtimeDir, 'postgres');
  const passwordFile = join(options.runtimeDir, 'postgres.password');
  // A persistent cluster keeps its password with its data; a new one gets a random one.
  const password = existsSync(passwordFile)
    ? (await readFile(passwordFile, 'utf8')).trim()
    : randomBytes(18).toString('base64url');
  await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  const port = await freePort();
  options.log(`Starting PostgreSQL (${bin}) on 127.0.0.1:${port} …`);
  const handle = await startPostgres({
    bin,
    dataDir,
    port,
    password,
    logFile: join(logDir, 'postgres.log'),
    keepAfterExit: options.keepAfterExit,
  });
  return { port, password, pid: handle.pid, dataDir };
}

/**
 * Ports picked once and kept in `ports.json`: a restarted service, or a persistent cluster
 * started again, comes back where its peers and the membership table expect it.
 */
async function servicePorts(runtimeDir: string): Promise<Record<ServiceName, ServicePorts>> {
  const file = join(runtimeDir, 'ports.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Record<ServiceName, ServicePorts>;
  const taken = new Set<number>();
  const distinctPort = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) return (taken.add(port), port);
    }
  };
  const ports = {} as Record<ServiceName, ServicePorts>;
  for (const service of SERVICES) {
    ports[service] = { grpcPort: await distinctPort(), membershipPort: await distinctPort() };
    if (service === 'frontend') ports[service].httpPort = await distinctPort();
  }
  await writeFile(file, JSON.stringify(ports, null, 2) + '\n');
  return ports;
}
