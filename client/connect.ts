// Reaching Temporal: the configured server, or — when none is configured — the local dev
// server, started in the background if nothing answers (cli.md, "One command, nothing running").
import { Client, Connection } from '@temporalio/client';
import { ensureLocalDevServer, isServing, TemporalCliUnavailableError } from '../temporal-dev/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.js';
import type { CliConfig } from './config.js';
import { checkStorage, orcDataConverter } from '../workers/index.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Engine {
  client: Client;
  connection: Connection;
  address: string;
  namespace: string;
  /** Base URL of the Web UI, when known. */
  webUiUrl?: string;
  /** What this command started, said to the user once. */
  startedServer: boolean;
}

export async function connectToEngine(
  config: CliConfig,
  options: { startLocal: boolean; log: (message: string) => void },
): Promise<Engine> {
  const { temporal } = config;
  let address = temporal.address;
  let webUiUrl = config.webUiUrl;
  let startedServer = false;
  if (!temporal.addressConfigured && options.startLocal && !(await isServing(address))) {
    const server = await startLocalServer(config, options.log);
    address = server.address;
    webUiUrl ??= server.uiUrl;
    startedServer = server.started;
  } else if (!temporal.addressConfigured) {
    webUiUrl ??= 'http://localhost:8233';
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporal.connect.connectionOptions, address, connectTimeout: 5_000 });
    await connection.workflowService.getSystemInfo({});
  } catch (error) {
    throw new CliError(
      `cannot reach Temporal at ${address}: ${(error as Error).message.split('\n')[0]}`,
      EXIT.engineUnreachable,
      temporal.addressConfigured
        ? 'check TEMPORAL_ADDRESS / your temporal.toml profile, or unset them to use the local dev server'
        : 'start it with "orc dev"',
    );
  }
  // A bucket that cannot be used (ORC_BLOB_STORE) is said now, not when a large value is read.
  await checkStorage(config.storage);
  const client = new Client({
    connection,
    namespace: temporal.namespace,
    dataConverter: orcDataConverter(config.dataDir, config.storage),
  });
  return {
    client,
    connection,
    address,
    namespace: temporal.namespace,
    ...(webUiUrl ? { webUiUrl } : {}),
    startedServer,
  };
}

async function startLocalServer(config: CliConfig, log: (message: string) => void) {
  log(
    `No Temporal server answers on ${config.temporal.address}; starting the local dev server (data in ${config.dataDir}) …`,
  );
  try {
    return await ensureLocalDevServer({
      dataDir: config.dataDir,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      obtain: { explicitPath: config.temporalCli, log },
    });
  } catch (error) {
    if (error instanceof TemporalCliUnavailableError) throw new CliError(error.message, EXIT.engineUnreachable);
    throw new CliError(
      `could not start the local Temporal dev server: ${(error as Error).message}`,
      EXIT.engineUnreachable,
    );
  }
}

export function runLink(engine: Engine, workflowId: string, runId: string): string | undefined {
  if (!engine.webUiUrl) return undefined;
  return `${engine.webUiUrl}/namespaces/${encodeURIComponent(engine.namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}
