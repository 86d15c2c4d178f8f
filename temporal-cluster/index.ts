export {
  ensureServerBinaries,
  serverVersionFor,
  serverVersionOfCli,
  type BuildRecord,
  type ServerBinaries,
} from './build.js';
export { startCluster, stateFileOf, type ClusterHandle, type StartClusterOptions } from './cluster.js';
export { CommandFailedError } from './commands.js';
export { SERVICES, type ServiceName } from './server-config.js';
export {
  clusterProcessesLeft,
  clusterStatus,
  killServices,
  readClusterState,
  restartServices,
  stopClusterProcesses,
  type ClusterState,
} from './services.js';
export { clusterSettings, type ClusterSettings } from './settings.js';
