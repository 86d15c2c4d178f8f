// The contract between the workflow and the activities: plain JSON in, plain JSON out.
// The workflow imports only these types; activities/ implements them.
import type { CacheIR, McpServerIR, ModelActionIR } from './lang/ir.js';
import type { SecretsOfCall } from './lang/secrets.js';

export interface ToolCallInput {
  tool: string;
  action: string;
  parameters: Record<string, unknown>;
  step_id: string;
  workflow_id: string;
  run_id: string;
  /** For tool `mcp` only: the declaration (pipeline `mcp_servers`) its `server` parameter names. */
  mcp_server?: McpServerIR;
  /** Which secret tokens to fill in and which values to redact; absent when the run reads none. */
  secrets?: SecretsOfCall;
}

export interface ToolCallOutput {
  result: unknown;
  /** The attempt that succeeded, so the result document can show retries. */
  attempt: number;
  /**
   * Set by a local activity only: its history marker records the result but not the input, so
   * the call's step and fingerprint travel with the result for `orc rerun` (activities/reuse).
   */
  call?: { step_id: string; fingerprint: string };
}

export interface ModelCallInput {
  action: ModelActionIR;
  /** One model: `provider:model` or a registry name (the workflow walks fallback chains). */
  model: string;
  parameters: Record<string, unknown>;
  step_id: string;
  workflow_id: string;
  run_id: string;
  /** Which secret tokens to fill in and which values to redact; absent when the run reads none. */
  secrets?: SecretsOfCall;
  /** The step's `cache:`: answer an identical request from the response cache, and keep this answer there. */
  cache?: CacheIR;
}

export interface ModelCallOutput {
  result: unknown;
  /** `provider:model` actually used. */
  model: string;
  usage?: { input_tokens?: number; output_tokens?: number };
  cost_usd?: number;
  attempt: number;
  /** Answered from the response cache: no provider call now; usage and cost are 0. */
  cached?: CachedAnswer;
}

/** Where a cached answer came from: its entry, and what the call used and cost when it was made. */
export interface CachedAnswer {
  /** The entry's key: SHA-256 of the request (activities/response-cache). */
  key: string;
  created_at: string;
  usage?: { input_tokens?: number; output_tokens?: number };
  cost_usd?: number;
}

export interface PipelineActivities {
  runTool(input: ToolCallInput): Promise<ToolCallOutput>;
  runModel(input: ModelCallInput): Promise<ModelCallOutput>;
  /** `auto` and `requires_model`: chosen in an activity, so the choice is recorded in history. */
  selectModel(input: ModelSelectionInput): Promise<{ model: string }>;
  /** The models that fit a task, best first, with why (task-delegation, multi-model-routing); recorded in history. */
  rankModels(input: ModelRankingInput): Promise<ModelRanking>;
  /** Answers a runtime `<AUTO>` tag with a typed value; recorded in history, never asked twice. */
  resolveAuto(input: AutoQuestionInput): Promise<{ value: unknown; model: string }>;
  /** The worst case of a model call, reserved from a run's budget before the call (a local activity). */
  quoteModelCall(input: ModelQuoteInput): Promise<ModelQuote>;
  /** `orc rerun`: the completed calls of the source run, read once from its history and recorded in this one. */
  loadReusableResults(input: ReusableResultsInput): Promise<ReusableResults>;
}

export interface ReusableResultsInput {
  workflow_id: string;
  /** Absent: the latest run of the workflow id. */
  run_id?: string;
  /** Calls of these top-level steps are left out: they run live anyway. */
  live_steps: string[];
}

/** One completed call of the source run. */
export interface RecordedCall {
  activity: string;
  /** The call's `step_id`: the path of the step that made it. */
  step_id: string;
  /** What the activity returned. */
  output: unknown;
  /** The run that made the call, when the source reused it from a run before it. */
  run?: string;
}

export interface ReusableResults {
  /** The run that was read; absent when there is no such run (a sub-pipeline the source never started). */
  run_id?: string;
  /** Completed calls by fingerprint (workflows/call-fingerprint.ts); the first of equal calls. */
  calls: Record<string, RecordedCall>;
}

export interface ModelQuoteInput {
  model: string;
  parameters: Record<string, unknown>;
}

/** An upper estimate: input tokens from the request's size, output tokens from max_tokens. */
export interface ModelQuote {
  input_tokens: number;
  output_tokens: number;
  /** Undefined when the registry has no price for the model. */
  cost_usd?: number;
}

/** A runtime `<AUTO>` question (spec §8.7), its templates already rendered. */
export interface AutoQuestionInput {
  question: string;
  /** list, number, integer, boolean, choice or string (from the tag or the parameter's type). */
  type: string;
  choices?: string[];
  min?: number;
  max?: number;
  /** A task hint (`<AUTO task="…">`), for choosing the model. */
  task?: string;
  step_id: string;
}

export interface ModelSelectionInput {
  requirements: Record<string, unknown>;
  task?: string;
  step_id: string;
}

export interface ModelRankingInput {
  task: string;
  requirements: Record<string, unknown>;
  /** Only these references (or names); absent: every model with credentials. */
  models?: string[];
  cost_weight: number;
  quality_weight: number;
  /** The most one request may cost, by the registry's prices. */
  max_cost_usd?: number;
  /** Tokens the answer may take: the basis of the cost estimate (else by the task's complexity). */
  max_tokens?: number;
  step_id: string;
}

/** py-orc's TaskRequirements, as far as a task's text tells. */
export interface TaskAnalysis {
  task_type: string;
  complexity: 'simple' | 'moderate' | 'complex';
  required_capabilities: string[];
}

export interface RankedModel {
  model: string;
  score: number;
  reasons: string[];
  estimated_cost: number;
  estimated_latency: number;
}

export interface ModelRanking {
  task_analysis: TaskAnalysis;
  /** Best first. */
  ranked: RankedModel[];
  /** Why nothing fits (the activity fails with it). */
  problem?: string;
}

/** Error types: one table for runs, steps, tools and models (error-types.ts). */
export { ERROR_TYPES, ERROR_TYPE_TABLE, isRetryable, type ErrorType } from './error-types.js';
