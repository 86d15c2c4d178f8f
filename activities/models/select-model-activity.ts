// The `selectModel` activity: the registry's deterministic rule over the providers that have
// credentials on this worker. Running it as an activity records the choice in history.
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES, type ModelSelectionInput } from '../../workflows/activity-interfaces.js';
import { selectModel, type ModelRegistry, type ModelRequirements } from './registry/index.js';

export function createSelectModel(registry: ModelRegistry, availableProviders: () => ReadonlySet<string>) {
  return async function selectModelActivity(input: ModelSelectionInput): Promise<{ model: string }> {
    const selection = selectModel(registry, input.requirements as ModelRequirements, availableProviders());
    if (!selection.reference)
      throw ApplicationFailure.create({
        type: ERROR_TYPES.noModelAvailable,
        message: `step "${input.step_id}": no model can be chosen: ${selection.reason}`,
        nonRetryable: true,
      });
    return { model: selection.reference };
  };
}
