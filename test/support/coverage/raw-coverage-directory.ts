// Where the processes and threads that tests start write their raw V8 coverage (NODE_V8_COVERAGE):
// an absolute path, because a spawned `orc` may run in another working directory.
import { fileURLToPath } from 'node:url';

export const RAW_COVERAGE_DIRECTORY = fileURLToPath(new URL('../../../test-results/v8-processes', import.meta.url));
