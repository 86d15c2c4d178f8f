export {
  ConfigError,
  modelsFileFromEnv,
  temporalSettingsFromEnv,
  toolModulesFromEnv,
  workerConfigFromEnv,
  type TemporalSettings,
  type WorkerConfig,
} from './config.js';
export { loadCustomTools, type LoadedCustomTools } from './custom-tools.js';
export {
  createPipelineWorker,
  sharedWorkerOptions,
  type PipelineWorker,
  type PipelineWorkerOptions,
} from './create-worker.js';
export { installRuntime, type RuntimeSettings } from './runtime.js';
export { startHealthServer } from './health-server.js';
export { jsonLine, jsonLinesLogger } from './json-logger.js';
export { WORKFLOWS_PATH, loadWorkflowBundle } from './workflow-bundle.js';
export {
  EXTERNAL_STORAGE_THRESHOLD_BYTES,
  blobStoreDriver,
  localDiskDriver,
  orcDataConverter,
} from './external-storage.js';
export { blobStoreOf, checkStorage, responseCacheOf, type StorageSettings } from './stores.js';
export {
  BLOB_NAME,
  blobFolder,
  readReferences,
  referencesPrefix,
  type BlobReference,
  type ReadReference,
} from './blob-references.js';
export {
  CASSETTE_ACTIVITIES,
  type CassetteActivity,
  type CassetteAnswer,
  type CassetteSource,
  loadModelRegistry,
  modelCatalogue,
  providerAccess,
  providerQueues,
  readRecordedCalls,
  RegistryError,
  type CallRecord,
} from '../activities/index.js';
export { lazyTemporalClient } from './temporal-client.js';
export { WORKFLOW_INTERCEPTOR_MODULES } from './workflow-bundle.js';
export { providerEnvironmentFor } from './provider-environment.js';
