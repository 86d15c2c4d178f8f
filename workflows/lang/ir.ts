// The intermediate representation: what the compiler produces and the workflow interprets.
// Plain JSON only (it is the workflow's input). Templates stay source strings; the workflow
// renders them with lang/expr. Versioned: a change of shape bumps IR_VERSION.

export const IR_VERSION = 1;

/** `any` only for inputs of py-orc inline sub-pipelines, which declare none. */
export type ParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';

export interface ParameterIR {
  type: ParameterType;
  required: boolean;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  min_length?: number;
  max_length?: number;
  pattern?: string;
}

export interface RetryIR {
  max_attempts: number;
  initial_interval_ms: number;
  backoff: number;
  max_interval_ms: number;
  non_retryable: string[];
}

/** Where a step came from, for messages at run time. */
export interface LocationIR {
  line: number;
  column: number;
}

/** A forward jump to a later step of the same list; the steps passed over are skipped. */
export interface JumpIR {
  jump: string;
}

/** Handlers run after a step's final failure, with `error` in their scope (or a py-orc jump). */
export type OnErrorIR = { steps: StepIR[] } | JumpIR;

interface StepBaseIR {
  id: string;
  name?: string;
  description?: string;
  /** Every step of the same list this one waits for: `depends_on` plus what it reads. */
  depends_on: string[];
  /** Expression (spec §5): false → skipped. Template-wrapped and spliced forms are normalised. */
  if?: string;
  /** Per attempt of the step's activity. */
  timeout_ms: number;
  retry: RetryIR;
  on_failure: 'fail' | 'continue' | JumpIR;
  on_success?: JumpIR;
  on_false?: JumpIR;
  on_error?: OnErrorIR;
  task_queue?: string;
  /** Template of the one-line description shown in the Web UI. */
  summary?: string;
  location: LocationIR;
  /** Runtime `<AUTO>` tags inside this step's values, resolved just before it runs (spec §8.7). */
  auto_tags?: AutoTagIR[];
}

export interface AutoTagIR {
  /** JSON pointer of the value inside the step, e.g. `/parameters/format`. */
  pointer: string;
  /** The whole tag as written, including nested tags and templates. */
  text: string;
  attributes: Record<string, string>;
}

export interface ToolStepIR extends StepBaseIR {
  kind: 'tool';
  tool: string;
  action: string;
  /** Values may hold templates; rendered just before the step runs. */
  parameters: Record<string, unknown>;
  /** Declared types of the parameters, so rendered text can be parsed as JSON where needed. */
  parameter_types?: Record<string, string>;
  /** The secret names its parameters read (lang/secrets.ts): the only ones the worker fills in. */
  secrets?: string[];
  /**
   * `local`: run as a Temporal local activity on the worker running the workflow (cheap built-in
   * actions by default, or `execution: local`); absent: a regular activity (docs/performance.md).
   */
  execution?: 'local';
  /** py-orc's `location` (a template): rendered before the step, readable as `location` in its templates and as `<id>.location`. */
  product?: { location: string };
}

/** A model choice: fixed, a fallback chain, or selected from the registry. */
export type ModelChoiceIR =
  | { kind: 'ref'; ref: string }
  | { kind: 'chain'; refs: string[] }
  | { kind: 'auto'; task?: string; prompt?: string; requirements?: Record<string, unknown> };

export type ModelActionIR =
  | 'generate'
  | 'generate_structured'
  | 'analyze_text'
  | 'agent'
  // Media made by a model: files written into the workspace (docs/models.md, "Making media").
  | 'generate_image'
  | 'transcribe_audio'
  | 'generate_speech';

export interface ModelStepIR extends StepBaseIR {
  kind: 'model';
  action: ModelActionIR;
  model?: ModelChoiceIR;
  parameters: Record<string, unknown>;
  /** Agent steps: the tool actions offered to the model, resolved by the compiler (custom tools included). */
  agent_tools?: AgentToolIR[];
  /** The secret names its parameters read (lang/secrets.ts): the only ones the worker fills in. */
  secrets?: string[];
  /** The response cache (the step's `cache:`, else the pipeline's): answer an identical request from it. */
  cache?: CacheIR;
  /**
   * A natural-language step's destination (a template): the answer is written there, or the
   * agent's file checked — unless `from_answer` (an agent whose tools cannot write files): its answer is written.
   */
  product?: { location: string; from_answer?: true };
}

/** A model step's response cache; `ttl_ms` absent: an entry is used until `orc cache clear` removes it. */
export interface CacheIR {
  ttl_ms?: number;
}

/** One function an agent's model may call: `tool__action`, with the JSON Schema of its arguments. */
export interface AgentToolIR {
  name: string;
  tool: string;
  action: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ApprovalIR {
  title: string;
  content?: unknown;
  timeout_ms?: number;
  on_timeout: 'reject' | 'approve' | 'fail';
  allow_edit: boolean;
  require_comment?: boolean;
  /** A small JSON Schema of a form (object of string/number/integer/boolean/enum properties). */
  fields?: Record<string, unknown>;
  /** py-orc's user-prompt: the answer is `result.value`. */
  prompt?: { input_type: 'text' | 'number' | 'boolean' | 'choice'; choices?: unknown; default?: unknown };
  /** Which py-orc tool it came from, for messages. */
  origin?: 'approval' | 'approval-gate' | 'user-prompt' | 'feedback-collection';
}

export interface ApprovalStepIR extends StepBaseIR {
  kind: 'approval';
  approval: ApprovalIR;
}

export interface ForEachStepIR extends StepBaseIR {
  kind: 'for_each';
  /** Expression giving the list. */
  items: string;
  as: string;
  max_parallel: number;
  steps: StepIR[];
}

export interface LoopStepIR extends StepBaseIR {
  kind: 'loop';
  while?: string;
  until?: string;
  /** A number, or a template rendered when the loop starts. */
  max_iterations: number | string;
  steps: StepIR[];
}

export interface SubPipelineStepIR extends StepBaseIR {
  kind: 'pipeline';
  /** The child pipeline, compiled and embedded: the run does not read files. */
  pipeline: PipelineIR;
  inputs: Record<string, unknown>;
}

export interface WaitStepIR extends StepBaseIR {
  kind: 'wait';
  duration_ms?: number;
  /** Template of an ISO time. */
  until?: string;
}

export type StepIR =
  ToolStepIR | ModelStepIR | ApprovalStepIR | ForEachStepIR | LoopStepIR | SubPipelineStepIR | WaitStepIR;

export interface DefaultsIR {
  timeout_ms?: number;
  retry?: RetryIR;
  model?: ModelChoiceIR;
  task_queue?: string;
  max_parallel?: number;
  /** Steps that may run at once in the whole run (tool, model and sub-pipeline steps). */
  max_running_steps?: number;
}

/** The largest `max_parallel` of a loop. */
export const MAX_PARALLEL_LIMIT = 500;
/** Steps running at once in one run, unless `defaults.max_running_steps` says otherwise: well below Temporal's 2,000 pending activities (or children) per run. */
export const DEFAULT_MAX_RUNNING_STEPS = 500;
/** The largest `defaults.max_running_steps`. */
export const MAX_RUNNING_STEPS_LIMIT = 1_500;

export interface BudgetIR {
  max_cost_usd?: number;
  max_tokens?: number;
  on_exceed: 'fail' | 'pause';
}

export interface ScheduleIR {
  cron?: string;
  every_ms?: number;
  timezone?: string;
  inputs: Record<string, unknown>;
  overlap: 'skip' | 'buffer-one' | 'allow-all';
  paused: boolean;
}

export interface McpServerIR {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
}

export type ReadableOutputIR = { name: string; step: string } | { name: string; value: unknown };

export interface PipelineIR {
  ir_version: typeof IR_VERSION;
  id: string;
  name: string;
  version?: string;
  description?: string;
  /** `sha256:` of the IR itself (with this field empty): pins a run to its definition. */
  hash: string;
  source_file: string;
  parameters: Record<string, ParameterIR>;
  /** In the file's order; execution order comes from `depends_on`. */
  steps: StepIR[];
  outputs: Record<string, unknown>;
  /**
   * Outputs the file itself reads (`{{ outputs.pdf }}`), in the order they are computed: an
   * answered `<AUTO>` value is its inserted model step's answer, any other value is rendered
   * when read. Templates see them as `outputs`.
   */
  readable_outputs?: ReadableOutputIR[];
  timeout_ms?: number;
  model?: ModelChoiceIR;
  defaults?: DefaultsIR;
  budget?: BudgetIR;
  schedule?: ScheduleIR;
  mcp_servers?: Record<string, McpServerIR>;
  /**
   * Providers with a `rate_limit` in the models file when the run was compiled: their calls go to
   * the provider's own task queue (providerTaskQueue), which the server rate-limits for every worker.
   */
  rate_limited_providers?: string[];
  /**
   * Rate-limited providers that share a queue with other entries of the same key or `group`
   * (decisions/0018): provider → the queue's suffix (`key-<hash>`, `group-<name>`). A provider
   * not listed uses its own name. Absent in runs compiled before, which keep their queues.
   */
  provider_queues?: Record<string, string>;
}

/** The task queue of a rate-limited provider's calls, beside the queue the step would use. */
export function providerTaskQueue(taskQueue: string, provider: string): string {
  return `${taskQueue}@${provider}`;
}

/** The workflow's input. */
export interface RunPipelineInput {
  ir: PipelineIR;
  inputs: Record<string, unknown>;
  /** False when the server lacks our search attributes and they could not be added. */
  search_attributes?: boolean;
  /** Continue-as-new after this many history events (default 10,000; tests lower it). */
  continue_as_new_after_events?: number;
  /** Set by continue-as-new: the interpreter's state carried over exactly. */
  resume?: ResumeIR;
  /** A sub-pipeline's run: the secret names of the runs above it, redacted from its steps' results too. */
  redact_secrets?: string[];
  /** `orc rerun`: calls that match a completed call of this earlier run are answered from its history. */
  reuse?: ReuseIR;
}

/** The run a rerun reuses (workflows/interpreter/reuse.ts). */
export interface ReuseIR {
  workflow_id: string;
  /** Absent: the latest run of `workflow_id` (a sub-pipeline's run inside the source run). */
  run_id?: string;
  /** Top-level steps that run live whatever the source recorded (`--from`, steps the edit changed). */
  live_steps: string[];
}

export interface ResumeIR {
  /** Top-level step states (plain data; loops keep their progress inside). */
  state: Record<string, unknown>;
  started_at_ms: number;
  /** The first run's id: `execution.run_id` stays the same across continue-as-new. */
  first_run_id: string;
  warnings: string[];
  continued: number;
  /** Budget limits as raised during the run. */
  budget?: { max_cost_usd?: number; max_tokens?: number };
  /** A rerun's calls so far: answered from the source run, and made live. */
  reuse_counts?: { reused_calls: number; live_calls: number };
  /** The run's `mcp-memory`, in the order its keys were stored (absent: empty). */
  memory?: MemoryEntryIR[];
}

/** One key of the run's memory (workflows/interpreter/workflow-tools/run-memory.ts). */
export interface MemoryEntryIR {
  namespace: string;
  key: string;
  value: unknown;
  stored_at_ms: number;
  /** Seconds it lives after stored_at_ms; 0: for the run. */
  ttl: number;
}
