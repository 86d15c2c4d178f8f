export {
  RegistryError,
  costOf,
  mediaCostOf,
  findModel,
  loadModelRegistry,
  registryVariables,
  modelCatalogue,
  type ModelEntry,
  type ModelRegistry,
  type ProviderEntry,
} from './registry.js';
export { analyseTask, rankModels } from './rank-models.js';
export { selectModel, sizeInBillions, type ModelRequirements, type Selection } from './select-model.js';
export { providerQueues, type ProviderQueue } from './provider-queues.js';
