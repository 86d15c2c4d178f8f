export {
  TEMPORAL_CLI_VERSION,
  TemporalCliUnavailableError,
  obtainTemporalCli,
  temporalCliInstallDir,
  versionFits,
  type ObtainOptions,
} from './obtain.js';
export {
  freePort,
  isServing,
  startDevServer,
  startDevServerOnFreePorts,
  stopProcessGroup,
  waitUntilServing,
  type DevServerHandle,
  type DevServerOptions,
} from './dev-server.js';
export {
  ensureLocalDevServer,
  localDevServerStatus,
  stopLocalDevServer,
  type LocalServer,
  type LocalServerOptions,
} from './local-server.js';
export { signalProcessGroup } from './process-group.js';
