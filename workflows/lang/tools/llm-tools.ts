// py-orc's model tools (llm_tools.py), built on the registry and the model activity path: they
// run in the workflow (workflow-tools.ts), ranking models through the `rankModels` activity and
// calling models through `runModel` like a model step, so cost, budgets and reruns apply.
import { defineTool } from './definition.js';

const requirements = {
  type: 'object',
  description:
    'what the model must offer: capabilities, min_context, max_cost_per_mtok, expertise, min_size, max_size, preferred, excluded (as requires_model)',
} as const;
const maxCost = {
  type: 'number',
  description: "the most one request may cost in US dollars, by the registry's prices: dearer models are left out",
} as const;

const ranked =
  'selected_model, score, reasons, estimated_cost, estimated_latency, task_analysis { task_type, complexity, required_capabilities }, fallback_models, all_scores [{ model, score, reasons }]';

export const taskDelegationTool = defineTool({
  name: 'task-delegation',
  description: 'Chooses the best model for a task by its requirements, cost and quality, and hands the task to it.',
  actions: {
    execute: {
      description:
        'Rank the models with credentials for the task, then (unless delegate is false) send the task to the best one, falling back to the next ones when fallback_enabled.',
      parameters: {
        task: { type: 'string', required: true, description: 'the task, as the prompt the chosen model gets' },
        requirements,
        max_cost_usd: maxCost,
        fallback_enabled: { type: 'boolean', default: true, description: 'try the next-ranked models when one fails' },
        cost_weight: { type: 'number', default: 0.3, description: 'weight of cheapness in the score (0–1)' },
        quality_weight: { type: 'number', default: 0.7, description: 'weight of expertise in the score (0–1)' },
        delegate: {
          type: 'boolean',
          default: true,
          description: 'false: only choose (py-orc does no more); true: also run the task on the chosen model',
        },
        max_tokens: { type: 'integer', description: 'the most tokens the answer may have' },
      },
      returns: [
        'success',
        'selected_model',
        'score',
        'reasons',
        'estimated_cost',
        'estimated_latency',
        'task_analysis',
        'fallback_models',
        'all_scores',
        'answer',
        'model',
        'usage',
        'cost_usd',
      ],
      result: `{ success, ${ranked}, answer, model, usage, cost_usd } — answer, model, usage and cost_usd when delegated`,
    },
  },
});

export const multiModelRoutingTool = defineTool({
  name: 'multi-model-routing',
  description: 'Routes a request to one of several models by a strategy, and says why.',
  actions: {
    execute: {
      description: 'Choose the model for a request among `models` (or every model with credentials).',
      parameters: {
        request: { type: 'string', required: true, description: 'the request to route' },
        models: {
          type: 'array',
          description: 'model references to choose among ("openai:gpt-4.1-mini"); absent: every model with credentials',
        },
        strategy: {
          type: 'string',
          default: 'capability_based',
          enum: ['capability_based', 'cost_optimized', 'round_robin', 'least_loaded'],
          description:
            'capability_based: the best score; cost_optimized: the cheapest; round_robin and least_loaded: the first listed that fits',
        },
        requirements,
        max_cost_usd: maxCost,
      },
      inert: {
        max_concurrent: 'orc keeps no load counters: Temporal and the provider rate limits pace the calls',
        timeout: "a step's own timeout applies",
      },
      returns: [
        'success',
        'selected_model',
        'routing_reason',
        'strategy',
        'current_load',
        'average_latency',
        'all_loads',
        'score',
        'reasons',
        'estimated_cost',
      ],
      result:
        '{ success, selected_model, routing_reason, strategy, current_load, average_latency, all_loads, score, reasons, estimated_cost }',
    },
  },
});

export const promptOptimizationTool = defineTool({
  name: 'prompt-optimization',
  description: 'Has a model rewrite a prompt for a target model, and returns both prompts.',
  actions: {
    execute: {
      description:
        'The target model (or the one task-delegation would choose) rewrites the prompt towards the goals; max_tokens then bounds it.',
      parameters: {
        prompt: { type: 'string', required: true, description: 'the prompt to optimise' },
        model: { type: 'string', description: 'the target model reference; absent: the best-ranked model' },
        optimization_goals: {
          type: 'array',
          default: ['clarity', 'model_specific'],
          description: 'any of clarity, brevity, specificity, model_specific',
        },
        max_tokens: {
          type: 'integer',
          description: 'the most tokens (4 characters each) the optimised prompt may have',
        },
        preserve_intent: {
          type: 'boolean',
          default: true,
          description: 'when cutting to max_tokens, keep the beginning and the end',
        },
      },
      returns: [
        'success',
        'original_prompt',
        'optimized_prompt',
        'model',
        'applied_optimizations',
        'metrics',
        'recommendations',
        'usage',
        'cost_usd',
      ],
      result:
        '{ success, original_prompt, optimized_prompt, model, applied_optimizations, metrics { original_tokens, optimized_tokens, token_reduction, reduction_percentage }, recommendations, usage, cost_usd }',
    },
  },
});
