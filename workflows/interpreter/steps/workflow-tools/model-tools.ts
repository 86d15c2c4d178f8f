// task-delegation, multi-model-routing and prompt-optimization (py-orc's llm_tools.py, our way):
// the ranking comes from the `rankModels` activity (the registry, recorded in history) and every
// model call goes through callModelChain, the path of model steps: budgets, quotes, reruns.
import { proxyActivities } from '@temporalio/workflow';
import type { ModelRanking, ModelRankingInput, PipelineActivities } from '../../../activity-interfaces.js';
import type { ModelStepIR, ToolStepIR } from '../../../lang/ir.js';
import { parseJsonOr } from '../../../lang/json-text.js';
import type { InterpreterContext } from '../../context.js';
import { describeFailure } from '../../failures.js';
import type { StepState } from '../../run-state.js';
import { CachedCalls } from '../cached-calls.js';
import { callModelChain } from '../model-call.js';
import * as advice from './prompt-advice.js';

export interface ToolCall {
  step: ToolStepIR;
  parameters: Record<string, unknown>;
  path: string;
  summary: string;
}

type Ranked = { ranking: ModelRanking } | { failure: StepState };

export async function taskDelegation({ step, parameters, path, summary }: ToolCall, context: InterpreterContext) {
  const task = String(parameters.task ?? '');
  const maxTokens = numberOr(parameters.max_tokens, undefined);
  const ranked = await rank(path, { ...weights(parameters), task, ...budgetOf(parameters), ...tokens(maxTokens) });
  if ('failure' in ranked) return ranked.failure;
  const { ranking } = ranked;
  const best = ranking.ranked[0]!;
  const fallbacks = parameters.fallback_enabled === false ? [] : ranking.ranked.slice(1, 4).map((item) => item.model);
  const chosen = {
    success: true,
    selected_model: best.model,
    score: best.score,
    reasons: best.reasons,
    estimated_cost: best.estimated_cost,
    estimated_latency: best.estimated_latency,
    task_analysis: ranking.task_analysis,
    fallback_models: fallbacks,
    all_scores: ranking.ranked.slice(0, 5).map(({ model, score, reasons }) => ({ model, score, reasons })),
  };
  if (parameters.delegate === false) return completed(chosen);
  const prompt = { prompt: task, ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }) };
  return answered(step, [best.model, ...fallbacks], { path, summary, parameters: prompt }, context, (output) => ({
    ...chosen,
    answer: output.result,
    model: output.model,
  }));
}

export async function multiModelRouting({ parameters, path }: ToolCall) {
  const strategy = typeof parameters.strategy === 'string' ? parameters.strategy : 'capability_based';
  const models = listOf(parameters.models);
  const request = String(parameters.request ?? '');
  const ranked = await rank(path, {
    ...weights(parameters),
    task: request,
    ...(models.length ? { models } : {}),
    ...budgetOf(parameters),
  });
  if ('failure' in ranked) return ranked.failure;
  const list = ranked.ranking.ranked;
  const picked =
    strategy === 'cost_optimized'
      ? { ...[...list].sort((left, right) => left.estimated_cost - right.estimated_cost)[0]!, why: 'Lowest cost' }
      : strategy === 'round_robin' || strategy === 'least_loaded'
        ? { ...firstListed(list, models), why: 'orc keeps no load counters: the first listed model that fits' }
        : { ...list[0]!, why: 'Best for task' };
  const reason =
    strategy === 'cost_optimized'
      ? `${picked.why} ($${picked.estimated_cost.toFixed(4)} a request estimated)`
      : strategy === 'capability_based'
        ? `${picked.why}: ${picked.reasons.slice(0, 2).join(', ')}`
        : picked.why;
  return completed({
    success: true,
    selected_model: picked.model,
    routing_reason: reason,
    strategy,
    current_load: 0,
    average_latency: picked.estimated_latency,
    all_loads: Object.fromEntries(list.map((item) => [item.model, 0])),
    score: picked.score,
    reasons: picked.reasons,
    estimated_cost: picked.estimated_cost,
  });
}

export async function promptOptimization({ step, parameters, path, summary }: ToolCall, context: InterpreterContext) {
  const prompt = String(parameters.prompt ?? '');
  let model = typeof parameters.model === 'string' && parameters.model.trim() ? parameters.model.trim() : undefined;
  if (!model) {
    const ranked = await rank(path, { ...weights(parameters), task: prompt });
    if ('failure' in ranked) return ranked.failure;
    model = ranked.ranking.ranked[0]!.model;
  }
  const goals = listOf(parameters.optimization_goals ?? ['clarity', 'model_specific']);
  const target = model;
  const call = { path, summary, parameters: { prompt: advice.rewriteInstruction(prompt, target, goals) } };
  return answered(step, [target], call, context, (output) => {
    const rewritten = unwrap(typeof output.result === 'string' ? output.result : JSON.stringify(output.result));
    const maxTokens = numberOr(parameters.max_tokens, undefined);
    const optimized = maxTokens
      ? advice.cutToTokens(rewritten, maxTokens, parameters.preserve_intent !== false)
      : rewritten;
    const applied = goals.filter((goal) => advice.OPTIMIZATION_GOALS.includes(goal));
    return {
      success: true,
      original_prompt: prompt,
      optimized_prompt: optimized,
      model: target,
      applied_optimizations: optimized === rewritten ? applied : [...applied, 'truncation'],
      metrics: advice.metrics(prompt, optimized),
      recommendations: advice.recommendations(prompt, target),
    };
  });
}

async function rank(
  path: string,
  input: Omit<ModelRankingInput, 'requirements' | 'step_id'> & { requirements?: Record<string, unknown> },
): Promise<Ranked> {
  const { rankModels } = proxyActivities<PipelineActivities>({
    startToCloseTimeout: '30s',
    retry: { maximumAttempts: 3 },
    summary: `${path} · rank models`,
  });
  try {
    return { ranking: await rankModels({ requirements: {}, ...input, step_id: path }) };
  } catch (failure) {
    const described = describeFailure(failure, { maximumAttempts: 3 });
    return { failure: { status: 'failed', attempts: 0, error: described.error } };
  }
}

/** One model call as a model step makes it; the step records the model, usage and cost. */
async function answered(
  step: ToolStepIR,
  models: string[],
  call: { path: string; summary: string; parameters: Record<string, unknown> },
  context: InterpreterContext,
  result: (output: { result: unknown; model: string }) => Record<string, unknown>,
): Promise<StepState> {
  const called = await callModelChain(asModelStep(step, call.parameters), models, call, context);
  if ('failure' in called) return called.failure;
  const { output, tried } = called;
  const cached = new CachedCalls();
  cached.add(output);
  return {
    status: 'completed',
    result: {
      ...result(output),
      ...(output.usage ? { usage: output.usage } : {}),
      ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}),
    },
    attempts: output.attempt,
    extra: {
      ...cached.extra(),
      model: output.model,
      ...(output.usage ? { usage: output.usage } : {}),
      ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}),
      ...(tried.length ? { fallbacks: tried } : {}),
    },
  };
}

/** The step as the model call sees it: its timeout, retries, task queue and secrets. */
function asModelStep(step: ToolStepIR, parameters: Record<string, unknown>): ModelStepIR {
  const { tool: _tool, action: _action, parameter_types: _types, execution: _execution, ...common } = step;
  return { ...common, kind: 'model', action: 'generate', parameters };
}

const completed = (result: Record<string, unknown>): StepState => ({ status: 'completed', result, attempts: 1 });

function weights(parameters: Record<string, unknown>) {
  return {
    cost_weight: numberOr(parameters.cost_weight, 0.3)!,
    quality_weight: numberOr(parameters.quality_weight, 0.7)!,
    ...(isRecord(parameters.requirements) ? { requirements: parameters.requirements } : {}),
  };
}

function budgetOf(parameters: Record<string, unknown>) {
  const most = numberOr(parameters.max_cost_usd, undefined);
  return most === undefined ? {} : { max_cost_usd: most };
}

const tokens = (maxTokens: number | undefined) => (maxTokens === undefined ? {} : { max_tokens: maxTokens });

function numberOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  const number = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : fallback;
}

/** A list, or text holding one (py-orc reads a rendered list back), or one item. */
function listOf(value: unknown): string[] {
  const list = typeof value === 'string' ? parseJsonOr(value, value.trim() ? [value] : []) : value;
  return Array.isArray(list) ? list.map(String) : list === undefined || list === null ? [] : [String(list)];
}

function firstListed<T extends { model: string }>(ranked: readonly T[], listed: readonly string[]): T {
  for (const name of listed) {
    const found = ranked.find((item) => item.model === name || item.model.endsWith(`:${name}`));
    if (found) return found;
  }
  return ranked[0]!;
}

/** A model that echoes the <prompt> tags it was given: only what is inside them. */
function unwrap(text: string): string {
  const inside = /<prompt>\s*([\s\S]*?)\s*<\/prompt>/.exec(text);
  return (inside ? inside[1]! : text).trim();
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
