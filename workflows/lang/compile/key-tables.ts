// The language's keys, in one place: what each mapping may hold, py-orc's aliases, and the
// keys py-orc accepts that do nothing (warned about by name, never silently dropped).
import type { KeyTable } from './mapping.js';

const INERT_PIPELINE_KEYS = {
  context: 'py-orc passes it to models as extra context; here steps read parameters and step results instead',
  metadata: 'free-form metadata is kept out of the run',
  tags: 'tags are not used; filter runs by pipeline id (orc list --pipeline)',
} as const;

export const PIPELINE_KEYS: KeyTable = {
  what: 'pipeline',
  known: ['id', 'name', 'version', 'description', 'parameters', 'steps', 'outputs', 'timeout'],
  aliases: { inputs: 'parameters' },
  inert: INERT_PIPELINE_KEYS,
};

/** Keys of the full language that the interpreter does not run yet. */
export const NOT_YET_SUPPORTED_STEP_KEYS = [
  'if', 'condition', 'on_success', 'on_false', 'on_error', 'for_each', 'while', 'until', 'max_iterations', 'max_parallel',
  'as', 'steps', 'approval', 'pipeline', 'inputs', 'wait', 'model', 'requires_model',
] as const;

export const STEP_KEYS: KeyTable = {
  what: 'step',
  known: ['id', 'name', 'description', 'depends_on', 'tool', 'action', 'parameters', 'timeout', 'retry', 'max_retries', 'on_failure', 'task_queue', 'summary', ...NOT_YET_SUPPORTED_STEP_KEYS],
  aliases: { dependencies: 'depends_on' },
  inert: {
    metadata: 'step metadata is not used by the engine',
    produces: 'py-orc records it but does nothing with it; later steps read this step\'s result directly',
    location: 'py-orc records it but does nothing with it; write the path into the tool\'s parameters',
    cache_results: 'results are kept in the run\'s history; there is no cache',
    tags: 'tags are not used',
    continue_on_error: 'py-orc ignores it; write on_failure: continue',
    error_handling: 'py-orc ignores it; write on_failure or retry',
    parallel: 'steps without dependencies between them already run in parallel',
    foreach: 'py-orc ignores it (it is not for_each); write for_each to loop',
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

/** Names a template may read besides parameters and step ids. */
export const RUN_VARIABLES = ['parameters', 'inputs', 'steps', 'execution', 'execution_id', 'pipeline_id', 'timestamp'] as const;

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
