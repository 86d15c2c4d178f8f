// The variables the model activities may read: the built-in providers' (by prefix, workers/
// config.ts) and every one the registry's providers name — a provider of the user's models file
// may keep its key in any variable (`api_key_env: [GATEWAY_KEY]`, docs/models.md).
import { registryVariables, type loadModelRegistry } from '../activities/index.js';
import type { WorkerConfig } from './config.js';

type ProviderVariables = Pick<WorkerConfig, 'providerEnvironment' | 'variablesNamed'>;

export function providerEnvironmentFor(
  config: ProviderVariables,
  registry: ReturnType<typeof loadModelRegistry>,
): Readonly<Record<string, string | undefined>> {
  return { ...config.providerEnvironment, ...config.variablesNamed(registryVariables(registry)) };
}
