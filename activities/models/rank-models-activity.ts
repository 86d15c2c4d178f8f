// The `rankModels` activity: the registry's ranking over the providers with credentials on this
// worker (registry/rank-models.ts). As an activity its answer is recorded, so a replay and a
// rerun see the same choice.
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES, type ModelRanking, type ModelRankingInput } from '../../workflows/activity-interfaces.js';
import { rankModels, type ModelRegistry } from './registry/index.js';

export function createRankModels(registry: ModelRegistry, availableProviders: () => ReadonlySet<string>) {
  return function rankModelsActivity(input: ModelRankingInput): Promise<ModelRanking> {
    const ranking = rankModels(registry, input, availableProviders());
    if (ranking.problem)
      throw ApplicationFailure.create({
        type: ERROR_TYPES.noModelAvailable,
        message: `step "${input.step_id}": no model can be chosen: ${ranking.problem}`,
        nonRetryable: true,
      });
    return Promise.resolve(ranking);
  };
}
