// Model calls for the media tools (activities/tools/media-tools.ts): the model is chosen as
// `requires_model` chooses (the cheapest available one with the capability) unless the step
// names one, and the call is the model activity's own (media, limits, files, cost).
import type { ToolModels } from '../tools/index.js';
import type { AnswerModelCall } from './run-model.js';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tools/index.js';
import { selectModel, type ModelRegistry } from './registry/index.js';

export function createToolModels(
  registry: ModelRegistry,
  available: () => ReadonlySet<string>,
  answer: AnswerModelCall,
): ToolModels {
  return {
    async call(request) {
      const model =
        request.model ?? selectModel(registry, { capabilities: [request.capability] }, available()).reference;
      if (!model)
        throw toolFailure(
          ERROR_TYPES.noModelAvailable,
          `no model with the "${request.capability}" capability has credentials on this worker (\`orc models\`)`,
          { retryable: false },
        );
      const { output } = await answer({
        action: request.action,
        model,
        parameters: request.parameters,
        step_id: request.context.stepId,
        workflow_id: request.context.workflowId,
        run_id: request.context.runId,
      });
      return { result: output.result, model: output.model, usage: output.usage, cost_usd: output.cost_usd };
    },
  };
}
