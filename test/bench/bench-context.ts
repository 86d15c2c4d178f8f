// What scenarios share in one `npm run bench`: a Temporal dev server, started only when the
// first scenario asks for it and stopped at the end, so the Temporal scenarios (raw-seq,
// seq, fanout, long-loop, worker-rss) all measure against the same server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServerOnFreePorts, type DevServerHandle } from '../../temporal-dev/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';

export interface BenchTemporal {
  address: string;
  /** A throwaway folder for this run: the server's database and log, workspaces, bundles. */
  dataDir: string;
  /** The server's process id, so a scenario can read the CPU time the server spent on it. */
  serverPid: number;
}

export interface BenchContext {
  temporal(): Promise<BenchTemporal>;
  close(): Promise<void>;
}

export function createBenchContext(options: { inMemory?: boolean } = {}): BenchContext {
  let started: Promise<{ server: DevServerHandle; dataDir: string }> | undefined;
  const start = async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'orc-bench-'));
    const server = await startDevServerOnFreePorts({
      withUi: false,
      ...(options.inMemory ? {} : { databaseFile: join(dataDir, 'temporal.db') }),
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      logFile: join(dataDir, 'temporal.log'),
      detached: false,
      obtain: { explicitPath: process.env.ORC_TEMPORAL_CLI, dataDir: process.env.ORC_DATA_DIR },
    });
    return { server, dataDir };
  };
  return {
    async temporal() {
      started ??= start();
      const { server, dataDir } = await started;
      return { address: server.address, dataDir, serverPid: server.pid };
    },
    async close() {
      if (!started) return;
      const { server, dataDir } = await started;
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
