// The one local dev server people use: persistent database under ORC_DATA_DIR, Web UI, our
// search attributes. Idempotent: `ensure` reuses a server that already answers.
import { join } from 'node:path';
import {
  isServing,
  readState,
  removeState,
  startDevServer,
  stateFileIn,
  stopProcessGroup,
  writeState,
} from './dev-server.js';
import type { ObtainOptions } from './obtain.js';

export interface LocalServerOptions {
  dataDir: string;
  port?: number;
  uiPort?: number;
  searchAttributes: Record<string, string>;
  obtain?: ObtainOptions;
}

export interface LocalServer {
  address: string;
  uiUrl: string | undefined;
  /** True when this call started it; false when one was already answering. */
  started: boolean;
  logFile: string;
}

export async function ensureLocalDevServer(options: LocalServerOptions): Promise<LocalServer> {
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? port + 1000;
  const address = `127.0.0.1:${port}`;
  const logFile = join(options.dataDir, 'temporal', 'dev-server.log');
  if (await isServing(address)) {
    const state = await readState(stateFileIn(options.dataDir));
    return { address, uiUrl: state?.uiUrl ?? `http://localhost:${uiPort}`, started: false, logFile };
  }
  const server = await startDevServer({
    port,
    uiPort,
    databaseFile: join(options.dataDir, 'temporal', 'dev.db'),
    searchAttributes: options.searchAttributes,
    logFile,
    detached: true,
    // The CLI is installed under the same data folder as the database, never in the package.
    obtain: { dataDir: options.dataDir, ...options.obtain },
  });
  await writeState(stateFileIn(options.dataDir), {
    pid: server.pid,
    address: server.address,
    uiUrl: server.uiUrl,
    startedAt: new Date().toISOString(),
  });
  return { address: server.address, uiUrl: server.uiUrl, started: true, logFile };
}

/** Stops the server that `ensureLocalDevServer` started; false when there was none. */
export async function stopLocalDevServer(dataDir: string): Promise<boolean> {
  const stateFile = stateFileIn(dataDir);
  const state = await readState(stateFile);
  if (!state) return false;
  await stopProcessGroup(state.pid);
  await removeState(stateFile);
  return true;
}

export async function localDevServerStatus(
  dataDir: string,
): Promise<{ running: boolean; address?: string; uiUrl?: string; pid?: number }> {
  const state = await readState(stateFileIn(dataDir));
  if (!state) return { running: false };
  return { running: await isServing(state.address), address: state.address, uiUrl: state.uiUrl, pid: state.pid };
}
