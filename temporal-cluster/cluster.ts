// A production-shaped Temporal: PostgreSQL, the schema set up by temporal-sql-tool, and the
// frontend, history, matching and worker services as four processes, with the `default`
// namespace and our search attributes. Everything it started is written to a state file.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../temporal-dev/index.js';
import { ensureServerBinaries, serverVersionFor, type BuildRecord, type ServerBinaries } from './build.js';
import { prepareNamespace } from './namespace.js';
import { servicePorts } from './ports.js';
import { ensurePostgresInstalled, startPostgres } from './postgres.js';
import { stopProcess } from './processes.js';
import { applySchema } from './schema.js';
import { DYNAMIC_CONFIG_TEXT, SERVICES, writeServerConfig } from './server-config.js';
import {
  clusterProcessesLeft,
  readClusterState,
  startAllServices,
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
  /** Leave the processes running when this process exits (`cli.ts start`). */
  keepAfterExit: boolean;
  /** Use this running PostgreSQL (its own databases, `<prefix>` and `<prefix>_visibility`). */
  sharedPostgres?: PostgresInfo;
  databasePrefix?: string;
  readyTimeoutMs?: number;
}

export interface PostgresInfo {
  port: number;
  password: string;
  pid: number;
  dataDir: string;
}

export interface ClusterHandle {
  address: string;
  stateFile: string;
  build: BuildRecord;
  postgres: PostgresInfo;
  /** Stops every process the cluster started; throws if any (PostgreSQL's backends included) is left. */
  stop(): Promise<void>;
}

export const stateFileOf = (runtimeDir: string) => join(runtimeDir, 'cluster.json');

export async function startCluster(options: StartClusterOptions): Promise<ClusterHandle> {
  const { settings, runtimeDir, log } = options;
  const binaries = await ensureServerBinaries(settings, await serverVersionFor(settings, log), log);
  // As root PostgreSQL runs as `postgres`, which must be able to enter this folder.
  await mkdir(join(runtimeDir, 'logs'), { recursive: true });
  await chmod(runtimeDir, 0o755);
  const postgres = options.sharedPostgres ?? (await startOwnPostgres(options));
  try {
    return await startServices(options, binaries, postgres);
  } catch (error) {
    if (!options.sharedPostgres) await stopProcess(postgres.pid, 'SIGINT', 30_000);
    throw error;
  }
}

async function startServices(
  options: StartClusterOptions,
  binaries: ServerBinaries,
  postgres: PostgresInfo,
): Promise<ClusterHandle> {
  const { runtimeDir, log } = options;
  const prefix = options.databasePrefix ?? 'temporal';
  const databases = { temporal: prefix, visibility: `${prefix}_visibility` };
  const schemaTarget = { ...binaries, port: postgres.port, password: postgres.password, markerDir: runtimeDir };
  log(`Applying Temporal's schema to the PostgreSQL databases ${databases.temporal} and ${databases.visibility} …`);
  await applySchema(schemaTarget, databases.temporal, 'temporal');
  await applySchema(schemaTarget, databases.visibility, 'visibility');

  const configFile = join(runtimeDir, 'temporal-server.yaml');
  const dynamicConfigFile = join(runtimeDir, 'dynamic-config.yaml');
  await writeFile(dynamicConfigFile, DYNAMIC_CONFIG_TEXT);
  const ports = await servicePorts(runtimeDir);
  await writeServerConfig(configFile, { ports, postgres, databases, dynamicConfigFile, historyShards: 4 });
  const base = { serverBinary: binaries.server, configFile, logDir: join(runtimeDir, 'logs') };
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  log(`Starting the Temporal services (${SERVICES.join(', ')}) …`);
  const state: ClusterState = {
    ...base,
    version: binaries.version,
    address: `127.0.0.1:${ports.frontend.grpcPort}`,
    namespace: 'default',
    postgres: { pid: postgres.pid, port: postgres.port, dataDir: postgres.dataDir, owned: false },
    services: await startAllServices(base, ports, options.keepAfterExit, readyTimeoutMs),
  };
  const stateFile = stateFileOf(runtimeDir);
  // The cluster's stop ends PostgreSQL only if it started it.
  await writeClusterState(stateFile, { ...state, postgres: { ...state.postgres, owned: !options.sharedPostgres } });
  try {
    log(`Waiting for the frontend on ${state.address} …`);
    await waitForFrontend(state, SERVICES, readyTimeoutMs);
    await prepareNamespace(state.address, state.namespace, options.searchAttributes, readyTimeoutMs);
  } catch (error) {
    await stopClusterProcesses(state);
    throw error;
  }
  const stop = async () => {
    const last = await readClusterState(stateFile);
    await stopClusterProcesses(last);
    const left = clusterProcessesLeft(last);
    if (left.length > 0) throw new Error(`The cluster's processes ${left.join(', ')} are still running after its stop`);
  };
  return { address: state.address, stateFile, build: binaries.build, postgres, stop };
}

async function startOwnPostgres(options: StartClusterOptions): Promise<PostgresInfo> {
  const bin = await ensurePostgresInstalled(options.settings.postgresBin, options.log);
  const dataDir = join(options.runtimeDir, 'postgres');
  const passwordFile = join(options.runtimeDir, 'postgres-password');
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
    logFile: join(options.runtimeDir, 'logs', 'postgres.log'),
    keepAfterExit: options.keepAfterExit,
  });
  return { port, password, pid: handle.pid, dataDir };
}
