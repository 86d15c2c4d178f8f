// Shell entry: `npm run temporal-dev -- start|stop|status|path`.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.js';
import {
  TemporalCliUnavailableError,
  ensureLocalDevServer,
  localDevServerStatus,
  obtainTemporalCli,
  stopLocalDevServer,
} from './index.js';

const dataDir = resolve(process.env.ORC_DATA_DIR ?? join(homedir(), '.orc'));
const log = (message: string) => console.error(message);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'path':
      console.log(await obtainTemporalCli({ explicitPath: process.env.ORC_TEMPORAL_CLI, log, dataDir }));
      return 0;
    case 'start': {
      const server = await ensureLocalDevServer({
        dataDir,
        searchAttributes: SEARCH_ATTRIBUTE_TYPES,
        obtain: { explicitPath: process.env.ORC_TEMPORAL_CLI, log, dataDir },
      });
      console.log(
        `${server.started ? 'Started' : 'Already running:'} Temporal dev server on ${server.address}; Web UI ${server.uiUrl ?? '(none)'}`,
      );
      return 0;
    }
    case 'stop':
      console.log(
        (await stopLocalDevServer(dataDir))
          ? 'Stopped the Temporal dev server.'
          : `No dev server started from ${dataDir} is running.`,
      );
      return 0;
    case 'status': {
      const status = await localDevServerStatus(dataDir);
      console.log(
        status.running ? `Running on ${status.address} (pid ${status.pid}); Web UI ${status.uiUrl}` : 'Not running.',
      );
      return status.running ? 0 : 1;
    }
    default:
      console.error(
        'usage: npm run temporal-dev -- start|stop|status|path   (data under ORC_DATA_DIR, default ~/.orc)',
      );
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof TemporalCliUnavailableError ? error.message : error);
    process.exit(1);
  },
);
