// Ranking models for a task (py-orc's task-delegation and multi-model-routing, llm_tools.py):
// the models with credentials that meet the requirements and the budget, scored by expertise
// (quality) and estimated cost, each with the reasons for its score. Deterministic for a given
// registry, environment and input; it runs in an activity, so the ranking is recorded.
import type { ModelEntry, ModelRegistry } from './registry.js';
import { fits, type ModelRequirements } from './select-model.js';
import type {
  ModelRanking,
  ModelRankingInput,
  RankedModel,
  TaskAnalysis,
} from '../../../workflows/activity-interfaces.js';

const EXPERTISE = ['low', 'medium', 'medium-high', 'high', 'very-high'];

/** py-orc's task types by the words that mark them (llm_tools.py), first match wins. */
const TASK_TYPES: [string, string[]][] = [
  ['code_generation', ['write code', 'implement', 'create function', 'generate code', 'program']],
  ['code_analysis', ['analyze code', 'review code', 'debug', 'find bugs']],
  ['creative_writing', ['write story', 'creative', 'poem', 'narrative']],
  ['analysis', ['analyze', 'analysis', 'examine', 'investigate', 'evaluate']],
  ['summarization', ['summarize', 'summarise', 'tldr', 'brief', 'overview']],
  ['translation', ['translate', 'convert to', 'in spanish', 'in french']],
  ['data_processing', ['process data', 'transform', 'extract', 'parse']],
  ['question_answering', ['what', 'why', 'how', 'when', 'where', 'who']],
];

/** Tokens a task's answer is expected to take, by its complexity: the basis of the cost estimate. */
const ANSWER_TOKENS = { simple: 256, moderate: 1024, complex: 2048 } as const;

export function analyseTask(task: string, requirements: ModelRequirements): TaskAnalysis {
  const lower = task.toLowerCase();
  const task_type = TASK_TYPES.find(([, words]) => words.some((word) => lower.includes(word)))?.[0] ?? 'general';
  const words = lower.split(/\s+/).filter(Boolean).length;
  const complex = /\b(comprehensive|detailed|in-depth|complex|thorough)\b/.test(lower) || words > 60;
  const complexity = complex ? 'complex' : words < 12 ? 'simple' : 'moderate';
  return { task_type, complexity, required_capabilities: requirements.capabilities ?? [] };
}

export function rankModels(
  registry: ModelRegistry,
  input: ModelRankingInput,
  availableProviders: ReadonlySet<string>,
): ModelRanking {
  const requirements = input.requirements as ModelRequirements;
  const task_analysis = analyseTask(input.task, requirements);
  const listed = input.models?.length ? input.models : undefined;
  const pool = registry.models.filter(
    (model) =>
      availableProviders.has(model.provider) &&
      fits(model, requirements) &&
      (!listed || listed.some((name) => name === reference(model) || name === model.name)),
  );
  const inputTokens = Math.ceil(input.task.length / 4);
  const outputTokens = input.max_tokens ?? ANSWER_TOKENS[task_analysis.complexity];
  const costOf = (model: ModelEntry) =>
    (inputTokens * model.input_per_mtok + outputTokens * model.output_per_mtok) / 1_000_000;
  const affordable = pool.filter((model) => input.max_cost_usd === undefined || costOf(model) <= input.max_cost_usd);
  const dearest = Math.max(0, ...affordable.map(costOf));
  const ranked = affordable
    .map((model) => scored(model, costOf(model), dearest, task_analysis, input))
    .sort(
      (left, right) =>
        right.score - left.score || left.estimated_cost - right.estimated_cost || (left.model < right.model ? -1 : 1),
    );
  return {
    task_analysis,
    ranked,
    ...(ranked.length ? {} : { problem: nothingFits(pool.length, input, availableProviders.size) }),
  };
}

function scored(
  model: ModelEntry,
  cost: number,
  dearest: number,
  task: TaskAnalysis,
  input: ModelRankingInput,
): RankedModel {
  const tier = EXPERTISE.indexOf(model.expertise);
  const quality = tier / (EXPERTISE.length - 1);
  const cheapness = dearest > 0 ? 1 - cost / dearest : 1;
  const score = round(input.quality_weight * quality + input.cost_weight * cheapness, 3);
  const reasons = [
    `${model.expertise} expertise for a ${task.complexity} ${task.task_type.replace(/_/g, ' ')} task`,
    `estimated $${cost.toFixed(4)} a request`,
    `${model.context.toLocaleString('en-US')}-token context`,
  ];
  if (task.complexity === 'complex' && tier >= EXPERTISE.indexOf('high')) reasons.push('strong on complex tasks');
  if (cheapness === 1 && dearest > 0) reasons.push('the cheapest that fits');
  return {
    model: reference(model),
    score,
    reasons,
    estimated_cost: round(cost, 6),
    // No latency is measured: a figure by tier (higher tiers answer slower), as py-orc estimates.
    estimated_latency: round(1 + tier * 0.75, 2),
  };
}

function nothingFits(fitting: number, input: ModelRankingInput, providers: number): string {
  if (providers === 0)
    return 'no provider has credentials on this worker (set e.g. OPENAI_API_KEY; docs/models.md lists every provider)';
  if (fitting > 0)
    return `none of the ${fitting} models that fit costs at most $${input.max_cost_usd} for this request`;
  const among = input.models?.length ? ` among ${input.models.join(', ')}` : '';
  return `no model with credentials${among} meets ${JSON.stringify(input.requirements)}`;
}

const reference = (model: ModelEntry) => `${model.provider}:${model.name}`;
const round = (value: number, digits: number) => Number(value.toFixed(digits));
