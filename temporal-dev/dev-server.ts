// Starting, waiting for and stopping a Temporal dev server (`temporal server start-dev`).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { obtainTemporalCli, type ObtainOptions } from './obtain.js';
import { signalProcessGroup } from './process-group.js';

export interface DevServerOptions {
  /** Path of the `temporal` binary; obtained (and installed if needed) when omitted. */
  cli?: string;
  ip?: string;
  port: number;
  /** Web UI port; `false` starts the server without the UI. */
  uiPort: number | false;
  /** SQLite file for a persistent server; omitted: everything is lost when it stops. */
  databaseFile?: string;
  /** name → type (Keyword, Text, Int, Double, Bool, Datetime, KeywordList). */
  searchAttributes: Record<string, string>;
  logFile: string;
  /** Keep running after this process exits (for `orc run`/`orc dev`). */
  detached: boolean;
  readyTimeoutMs?: number;
  obtain?: ObtainOptions;
}

export interface DevServerHandle {
  address: string;
  uiUrl: string | undefined;
  pid: number;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServerHandle> {
  const cli = options.cli ?? (await obtainTemporalCli(options.obtain));
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--log-level', 'warn'];
  if (options.uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  if (options.databaseFile) {
    await mkdir(dirname(options.databaseFile), { recursive: true });
    args.push('--db-filename', options.databaseFile);
  }
  for (const [name, type] of Object.entries(options.searchAttributes))
    args.push('--search-attribute', `${name}=${type}`);

  await mkdir(dirname(options.logFile), { recursive: true });
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  if (options.detached) child.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => {});

  const address = `${ip}:${options.port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  // A server that never answers is stopped like one that exits: nobody would stop it later.
  const ready = await Promise.race([
    waitUntilServing(address, readyTimeoutMs).then(
      () => 'ready' as const,
      () => 'silent' as const,
    ),
    exited.then(() => 'exited' as const),
  ]);
  if (ready !== 'ready' || child.pid === undefined) {
    signalProcessGroup(child.pid);
    const why = ready === 'silent' ? ` (no answer within ${Math.round(readyTimeoutMs / 1000)} s)` : '';
    throw new Error(
      `The Temporal dev server did not start on ${address}${why}. Its log (${options.logFile}):\n${tail(options.logFile)}`,
    );
  }
  const pid = child.pid;
  return {
    address,
    uiUrl: options.uiPort === false ? undefined : `http://localhost:${options.uiPort}`,
    pid,
    stop: () => stopProcessGroup(pid),
  };
}

/**
 * A throwaway server on ports picked now. The CLI also picks free ports for its own internal
 * services, and two pickers can land on the same port ("bind: address already in use"), so a
 * failed start is tried again on new ports, each time with a fresh database.
 */
export async function startDevServerOnFreePorts(
  options: Omit<DevServerOptions, 'port' | 'uiPort'> & { withUi: boolean; attempts?: number },
): Promise<DevServerHandle> {
  const { withUi, attempts = 3, ...rest } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      const port = await freePort();
      const uiPort = withUi ? await freePort() : false;
      return await startDevServer({ ...rest, port, uiPort });
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('did not start')) throw error;
      if (rest.databaseFile) await rm(rest.databaseFile, { force: true });
    }
  }
}

/** True when a Temporal frontend answers at `address` within the time given. */
/** A loaded 2-core machine can take over a second to answer; 3 s avoids false negatives. */
export async function isServing(address: string, timeoutMs = 3_000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => {});
  }
}

export async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isServing(address, 1_000)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No Temporal server answered on ${address} within ${Math.round(timeoutMs / 1000)} s`);
}

export async function stopProcessGroup(pid: number, graceMs = 10_000): Promise<void> {
  signalProcessGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) signalProcessGroup(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** A free TCP port on loopback, for tests and side-by-side servers. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a detached server left behind so that `stop` can find it later. */
export interface DevServerState {
  pid: number;
  address: string;
  uiUrl: string | undefined;
  startedAt: string;
}

export async function writeState(file: string, state: DevServerState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(state, null, 2));
}

export async function readState(file: string): Promise<DevServerState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevServerState;
  } catch {
    return undefined;
  }
}

export async function removeState(file: string): Promise<void> {
  await rm(file, { force: true });
}

export const stateFileIn = (dataDir: string) => join(dataDir, 'temporal', 'dev-server.json');
