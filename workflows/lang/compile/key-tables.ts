// The language's keys, in one place: what each mapping may hold, py-orc's aliases, and the
// keys py-orc accepts that do nothing (warned about by name, never silently dropped).
import type { KeyTable } from './mapping.js';

export const PIPELINE_KEYS: KeyTable = {
  what: 'pipeline',
  known: ['id', 'name', 'version', 'description', 'parameters', 'steps', 'outputs', 'model', 'defaults', 'budget', 'timeout', 'schedule', 'mcp_servers', 'metadata'],
  aliases: { inputs: 'parameters' },
  inert: {
    context: 'py-orc passes it to models as extra context; here steps read parameters and step results instead',
    tags: 'tags are not used; filter runs by pipeline id (orc list --pipeline)',
  },
};

/** The keys that decide a step's kind (exactly one family per step). */
export const KIND_KEYS = ['tool', 'for_each', 'while', 'until', 'approval', 'pipeline', 'wait', 'create_parallel_queue', 'action_loop'] as const;

export const STEP_KEYS: KeyTable = {
  what: 'step',
  known: [
    'id', 'name', 'description', 'depends_on', 'if', 'timeout', 'retry', 'max_retries', 'on_failure', 'on_success', 'on_false', 'on_error',
    'task_queue', 'summary', 'action', 'parameters', 'model', 'requires_model', 'steps', 'max_parallel', 'as', 'max_iterations', 'inputs',
    ...KIND_KEYS,
  ],
  aliases: { dependencies: 'depends_on', condition: 'if' },
  inert: {
    metadata: 'step metadata is not used by the engine',
    produces: "py-orc records it but does nothing with it; later steps read this step's result directly",
    location: "py-orc records it but does nothing with it; write the path into the tool's parameters",
    cache_results: "results are kept in the run's history; there is no cache",
    tags: 'tags are not used',
    continue_on_error: 'py-orc ignores it; write on_failure: continue',
    error_handling: 'py-orc ignores it; write on_failure, on_error or retry',
    parallel: 'steps without dependencies between them already run in parallel',
    foreach: 'py-orc ignores it (it is not for_each): the step runs once and {{ item }} is undefined in it; write for_each to loop',
  },
};

export const RETRY_KEYS: KeyTable = {
  what: 'retry policy',
  known: ['max_attempts', 'initial_interval', 'backoff', 'max_interval', 'non_retryable'],
};

export const PARAMETER_KEYS: KeyTable = {
  what: 'parameter',
  known: ['type', 'default', 'required', 'description', 'enum', 'items', 'minimum', 'maximum', 'min_length', 'max_length', 'pattern'],
};

export const DEFAULTS_KEYS: KeyTable = { what: 'defaults', known: ['timeout', 'retry', 'model', 'task_queue', 'max_parallel'] };
export const BUDGET_KEYS: KeyTable = { what: 'budget', known: ['max_cost_usd', 'max_tokens', 'on_exceed'] };
export const SCHEDULE_KEYS: KeyTable = { what: 'schedule', known: ['cron', 'every', 'timezone', 'inputs', 'overlap', 'paused'] };
export const MCP_SERVER_KEYS: KeyTable = { what: 'MCP server', known: ['command', 'args', 'env', 'url', 'headers'] };
export const APPROVAL_KEYS: KeyTable = { what: 'approval', known: ['title', 'content', 'timeout', 'on_timeout', 'allow_edit', 'require_comment', 'fields'] };
export const REQUIRES_MODEL_KEYS: KeyTable = {
  what: 'requires_model',
  known: ['capabilities', 'min_context', 'max_cost_per_mtok', 'expertise', 'min_size', 'max_size', 'preferred', 'excluded'],
};
export const PARALLEL_QUEUE_KEYS: KeyTable = { what: 'create_parallel_queue', known: ['on', 'max_parallel', 'tool', 'task', 'steps', 'as'] };
export const PARALLEL_TASK_KEYS: KeyTable = { what: 'create_parallel_queue task', known: ['action_loop', 'until', 'while', 'max_iterations', 'steps'] };

/** Names a template may read besides parameters and step ids. */
export const RUN_VARIABLES = ['parameters', 'inputs', 'steps', 'execution', 'execution_id', 'pipeline_id', 'timestamp', 'secrets'] as const;

/** Loop variables inside a `for_each` body (besides the `as` name). */
export const FOR_EACH_VARIABLES = ['$item', 'index', '$index', '$is_first', '$is_last'] as const;

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const MODEL_ACTIONS: Readonly<Record<string, 'generate' | 'generate_structured' | 'analyze_text' | 'agent'>> = {
  generate: 'generate',
  generate_text: 'generate',
  'generate-text': 'generate',
  generate_structured: 'generate_structured',
  analyze_text: 'analyze_text',
  analyze: 'analyze_text',
  agent: 'agent',
};
