// The four Temporal services as separate processes of one binary (`temporal-server start
// --service X`), the way production deployments run them; their pids live in the cluster's
// state file so a test in another process can kill them (SIGKILL) and start them again.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { isServing, signalProcessGroup } from '../temporal-dev/index.js';
import { isAlive, processesInGroups, spawnLogged, stopProcess, tailOf, waitForExit } from './processes.js';
import { SERVICES, type ServiceName, type ServicePorts } from './server-config.js';

export interface ClusterState {
  version: string;
  serverBinary: string;
  configFile: string;
  logDir: string;
  /** The frontend, where clients and workers connect. */
  address: string;
  namespace: string;
  postgres: { pid: number; port: number; dataDir: string; owned: boolean };
  services: Record<ServiceName, ServicePorts & { pid: number }>;
}

export async function readClusterState(stateFile: string): Promise<ClusterState> {
  return JSON.parse(await readFile(stateFile, 'utf8')) as ClusterState;
}

export async function writeClusterState(stateFile: string, state: ClusterState): Promise<void> {
  await mkdir(dirname(stateFile), { recursive: true });
  await writeFile(stateFile, JSON.stringify(state, null, 2) + '\n');
}

export const serviceLogFile = (logDir: string, service: ServiceName) => join(logDir, `${service}.log`);

export function startService(
  state: Pick<ClusterState, 'serverBinary' | 'configFile' | 'logDir'>,
  service: ServiceName,
  keepAfterExit: boolean,
): number {
  return spawnLogged(
    state.serverBinary,
    ['--config-file', state.configFile, '--allow-no-auth', 'start', '--service', service],
    { logFile: serviceLogFile(state.logDir, service), keepAfterExit },
  ).pid;
}

/**
 * Starts the four services on a database that may be fresh. Each service writes the cluster's
 * metadata row at start when it is missing; four starting at once race for it, and the losers
 * exit with "duplicate key value violates unique constraint cluster_metadata_info_pkey". So the
 * first service starts alone, and the others once it listens (its metadata written by then).
 */
export async function startAllServices(
  base: Pick<ClusterState, 'serverBinary' | 'configFile' | 'logDir'>,
  ports: Record<ServiceName, ServicePorts>,
  keepAfterExit: boolean,
  timeoutMs: number,
): Promise<ClusterState['services']> {
  const [first, ...rest] = SERVICES;
  const services = {} as ClusterState['services'];
  services[first] = { ...ports[first], pid: startService(base, first, keepAfterExit) };
  const deadline = Date.now() + timeoutMs;
  while (!(await isListening(ports[first].grpcPort))) {
    const gone = !isAlive(services[first].pid);
    if (gone || Date.now() > deadline) {
      await stopProcess(services[first].pid, 'SIGTERM', 15_000);
      const what = gone
        ? 'exited at start'
        : `did not listen on port ${ports[first].grpcPort} within ${timeoutMs / 1000} s`;
      throw new Error(`The Temporal ${first} service ${what}. ${logNote(base.logDir, first)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const service of rest)
    services[service] = { ...ports[service], pid: startService(base, service, keepAfterExit) };
  return services;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** SIGKILLs the services named (all four by default): no shutdown, no flushing. */
export async function killServices(stateFile: string, services: readonly ServiceName[] = SERVICES) {
  const state = await readClusterState(stateFile);
  for (const service of services) signalProcessGroup(state.services[service].pid, 'SIGKILL');
  for (const service of services) {
    if (!(await waitForExit(state.services[service].pid, 10_000)))
      throw new Error(`The ${service} service (pid ${state.services[service].pid}) survived SIGKILL for 10 s`);
  }
}

/** Starts the services named again on the same ports, config and database; waits for the frontend. */
export async function restartServices(
  stateFile: string,
  services: readonly ServiceName[] = SERVICES,
  options: { keepAfterExit?: boolean; readyTimeoutMs?: number } = {},
): Promise<void> {
  const state = await readClusterState(stateFile);
  for (const service of services) {
    if (isAlive(state.services[service].pid)) throw new Error(`The ${service} service is still running`);
    state.services[service].pid = startService(state, service, options.keepAfterExit ?? false);
  }
  await writeClusterState(stateFile, state);
  await waitForFrontend(state, services, options.readyTimeoutMs ?? 120_000);
}

/** Until the frontend answers; a service that exits meanwhile fails at once, with its log. */
export async function waitForFrontend(
  state: ClusterState,
  started: readonly ServiceName[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isServing(state.address, 1_000))) {
    const dead = started.find((service) => !isAlive(state.services[service].pid));
    if (dead) throw new Error(`The Temporal ${dead} service exited at start. ${logNote(state.logDir, dead)}`);
    if (Date.now() > deadline)
      throw new Error(
        `The Temporal frontend did not answer on ${state.address} within ${timeoutMs / 1000} s. ${logNote(state.logDir, 'frontend')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The last lines of a service's log, each cut short: Temporal logs JSON with stack traces. */
function logNote(logDir: string, service: ServiceName): string {
  const file = serviceLogFile(logDir, service);
  const lines = tailOf(file, 6)
    .split('\n')
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)} …` : line));
  return `Its log (${file}) ends:\n${lines.join('\n')}`;
}

/** Stops the services (SIGTERM: Temporal drains and leaves the ring), then PostgreSQL if it is ours. */
export async function stopClusterProcesses(state: ClusterState): Promise<void> {
  await Promise.all(SERVICES.map((service) => stopProcess(state.services[service].pid, 'SIGTERM', 15_000)));
  if (state.postgres.owned) await stopProcess(state.postgres.pid, 'SIGINT', 30_000);
}

/** Every process of the cluster still running (PostgreSQL's only if the cluster owns it): none after a stop. */
export function clusterProcessesLeft(state: ClusterState): number[] {
  const leaders = SERVICES.map((service) => state.services[service].pid);
  return processesInGroups(state.postgres.owned ? [...leaders, state.postgres.pid] : leaders);
}

export async function clusterStatus(state: ClusterState) {
  return {
    serving: await isServing(state.address),
    services: Object.fromEntries(SERVICES.map((service) => [service, isAlive(state.services[service].pid)])),
    postgres: isAlive(state.postgres.pid),
  };
}
