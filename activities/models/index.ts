// The model activities of a worker: `runModel` and `selectModel`, over the registry and the
// providers this worker has credentials for.
import type { PipelineActivities } from '../../workflows/activity-interfaces.js';
import { providerAccess } from './provider-access.js';
import type { ModelRegistry } from './registry/index.js';
import { createAnswerModelCall, type AnswerModelCall } from './run-model.js';
import { createSelectModel } from './select-model-activity.js';
import { createRankModels } from './rank-models-activity.js';
import { createQuoteModelCall } from './quote-model-call.js';
import { createResolveAuto } from './resolve-auto.js';
import type { MediaSource } from './media/index.js';
import type { ToolModels } from '../tools/index.js';
import { createToolModels } from './tool-models.js';
import type { TokenBudgets } from './token-budgets.js';

export { providerAccess, type ProviderAccess } from './provider-access.js';
export { createTokenBudgets, type TokenBudgets } from './token-budgets.js';
export {
  RegistryError,
  costOf,
  findModel,
  loadModelRegistry,
  providerQueues,
  registryVariables,
  modelCatalogue,
  selectModel,
  type ModelRegistry,
} from './registry/index.js';
export type { AnswerModelCall, AnsweredModelCall } from './run-model.js';
export { buildModelRequest } from './build-request.js';
export { ModelError, type ModelAdapter, type ModelMedia, type ModelRequest, type ModelResponse } from './types.js';

export interface ModelActivityDependencies {
  registry: ModelRegistry;
  /** The worker's environment: provider keys and base URLs (read by the worker's config). */
  environment: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** Where model steps' `media:` come from (the workspace, the web policy); set by createActivities. */
  media?: MediaSource;
  /** The worker's token budgets, one per provider key, shared by runModel and the media tools. */
  tokenBudgets?: TokenBudgets;
}

/** Model calls for the media tools, over the same registry, credentials and media source as runModel. */
export function createToolModelsFor(deps: ModelActivityDependencies): ToolModels {
  const access = providerAccess(deps.registry, deps.environment);
  const answer = createAnswerModelCall({
    registry: deps.registry,
    adapterFor: access.adapterFor,
    timeoutMs: deps.timeoutMs,
    media: deps.media,
    tokenBudgets: deps.tokenBudgets,
    budgetKeyFor: access.budgetKeyFor,
  });
  return createToolModels(deps.registry, () => access.available, answer);
}

/** `runModel` is the model call made into an activity by `around` (secrets, the response cache: activities/index.ts). */
export function createModelActivities(
  deps: ModelActivityDependencies,
  around: (answer: AnswerModelCall) => PipelineActivities['runModel'],
): Pick<PipelineActivities, 'runModel' | 'selectModel' | 'rankModels' | 'resolveAuto' | 'quoteModelCall'> {
  const access = providerAccess(deps.registry, deps.environment);
  return {
    runModel: around(
      createAnswerModelCall({
        registry: deps.registry,
        adapterFor: access.adapterFor,
        timeoutMs: deps.timeoutMs,
        media: deps.media,
        tokenBudgets: deps.tokenBudgets,
        budgetKeyFor: access.budgetKeyFor,
      }),
    ),
    selectModel: createSelectModel(deps.registry, () => access.available),
    rankModels: createRankModels(deps.registry, () => access.available),
    resolveAuto: createResolveAuto(deps.registry, () => access.available, access.adapterFor),
    quoteModelCall: createQuoteModelCall(deps.registry),
  };
}
