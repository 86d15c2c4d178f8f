// Everything that touches the world, built from injected dependencies so tests can swap parts.
import type { PipelineActivities } from '../workflows/activity-interfaces.js';
import { cassetteActivities, type CassetteSource } from './cassette/index.js';
import {
  createModelActivities,
  createTokenBudgets,
  createToolModelsFor,
  type AnswerModelCall,
  type ModelActivityDependencies,
} from './models/index.js';
import { withResponseCache, type ResponseCacheStore } from './response-cache/index.js';
import { createRunTool } from './run-tool.js';
import { createLoadReusableResults, type TemporalClientSource } from './reuse/index.js';
import { NO_SECRETS, withSecrets, type SecretStore } from './secrets/index.js';
import {
  BUILT_IN_TOOL_IMPLEMENTATIONS,
  defaultToolSettings,
  type ToolImplementation,
  type ToolSettings,
} from './tools/index.js';

export interface ActivityDependencies {
  /** Root of the filesystem tool and of sandboxes (ORC_WORKSPACE). */
  workspaceRoot: string;
  /** Extra or replacement tools; the built-ins are always there. */
  tools?: Readonly<Record<string, ToolImplementation>>;
  /** The model registry and the provider credentials; without them a worker runs no model step. */
  models?: ModelActivityDependencies;
  /** Sandbox, network, search and browser settings; safe defaults when omitted. */
  toolSettings?: ToolSettings;
  /** Values of `secrets.NAME` (ORC_SECRETS_FILE, then the worker's environment); none when omitted. */
  secrets?: SecretStore;
  /** The response cache of model steps with `cache:` (ORC_CACHE_DIR); without it they always call live. */
  responseCache?: ResponseCacheStore;
  /** The worker's Temporal client, for a rerun to read its source run's history; without it a worker runs no rerun. */
  temporalClient?: TemporalClientSource;
  /**
   * `orc test`: the recorded answers of a run; with it, tool and model calls are answered from
   * them and never reach a tool or provider (a call it lacks fails, decisions/0013).
   */
  cassette?: CassetteSource;
  /**
   * True once the worker has begun to shut down: local steps then move on to regular
   * activities instead of starting (the worker's own `getState() !== 'RUNNING'`).
   */
  draining?: () => boolean;
}

export function createActivities(
  deps: ActivityDependencies,
): Partial<PipelineActivities> & Pick<PipelineActivities, 'runTool'> {
  const media = {
    workspaceRoot: deps.workspaceRoot,
    allowPrivateAddresses: (deps.toolSettings ?? defaultToolSettings()).web.allowPrivateAddresses,
  };
  // One budget per provider key for the whole worker: model steps and media tools draw on it alike.
  const models = deps.models && { tokenBudgets: createTokenBudgets(), ...deps.models };
  return {
    runTool: createRunTool({
      workspaceRoot: deps.workspaceRoot,
      tools: { ...BUILT_IN_TOOL_IMPLEMENTATIONS, ...deps.tools },
      settings: deps.toolSettings ?? defaultToolSettings(),
      secrets: deps.secrets,
      draining: deps.draining,
      ...(models ? { models: createToolModelsFor({ media, ...models }) } : {}),
    }),
    ...(models ? modelActivities({ media, ...models }, deps.secrets ?? NO_SECRETS, deps.responseCache) : {}),
    ...(deps.temporalClient ? { loadReusableResults: createLoadReusableResults(deps.temporalClient) } : {}),
    ...(deps.cassette ? cassetteActivities(deps.cassette) : {}),
  };
}

/**
 * A model step's parameters may hold secrets too: put in for the call, redacted from its answer
 * and failures. The response cache sits outside: it keys on the token form and keeps the
 * redacted answer, so no secret's value reaches its files.
 */
function modelActivities(
  models: ModelActivityDependencies,
  secrets: SecretStore,
  cache: ResponseCacheStore | undefined,
) {
  return createModelActivities(models, (answer: AnswerModelCall) => {
    const live: AnswerModelCall = (input) =>
      withSecrets(input.parameters, input.secrets, secrets, (parameters) => answer({ ...input, parameters }));
    if (cache) return withResponseCache({ store: cache, registry: models.registry }, live);
    return async (input) => (await live(input)).output;
  });
}

export type { ToolAction, ToolContext, ToolImplementation, ToolSettings } from './tools/index.js';
export { defaultToolSettings } from './tools/index.js';
export { secretStore, type SecretStore } from './secrets/index.js';
export {
  localResponseCache,
  responseCacheIn,
  type ResponseCacheStats,
  type ResponseCacheStore,
} from './response-cache/index.js';
export {
  localObjectStore,
  s3ObjectStore,
  type ObjectStore,
  type S3Settings,
  type StoredObject,
} from './object-store/index.js';
export {
  CASSETTE_ACTIVITIES,
  type CassetteActivity,
  type CassetteAnswer,
  type CassetteSource,
} from './cassette/index.js';
export { readRecordedCalls, type CallRecord, type RecordedRun, type TemporalClientSource } from './reuse/index.js';
// What workers need beyond the activities: the model registry, and checking custom tools.
export {
  loadModelRegistry,
  modelCatalogue,
  providerAccess,
  providerQueues,
  registryVariables,
  RegistryError,
} from './models/index.js';
export { customToolExport, customToolProblems, plainDefinition, type CustomTool } from './tools/index.js';
