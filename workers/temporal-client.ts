// The worker's own Temporal client, for the one activity that reads another run's history (a
// rerun's `loadReusableResults`). Made on first use: most workers never run a rerun.
import { Client, Connection } from '@temporalio/client';
import type { TemporalClientSource } from '../activities/index.js';
import type { WorkerConfig } from './config.js';
import { orcDataConverter } from './external-storage.js';

export function lazyTemporalClient(
  config: Pick<WorkerConfig, 'temporal' | 'dataDir' | 'storage'>,
): TemporalClientSource {
  let client: Promise<Client> | undefined;
  return () =>
    (client ??= Connection.connect({ ...config.temporal.connect.connectionOptions, address: config.temporal.address })
      .then(
        (connection) =>
          new Client({
            connection,
            namespace: config.temporal.namespace,
            dataConverter: orcDataConverter(config.dataDir, config.storage),
          }),
      )
      .catch((error: unknown) => {
        // Not kept: the next attempt connects again.
        client = undefined;
        throw error;
      }));
}
