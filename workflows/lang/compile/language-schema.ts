// The language's shape as zod definitions: the compiler's key tables take their keys from
// these shapes, and `orc schema` turns them into the JSON Schema editors use. One definition,
// two uses, so the editor and the compiler cannot disagree about which keys exist.
import { z } from 'zod';
import { MAX_PARALLEL_LIMIT, MAX_RUNNING_STEPS_LIMIT } from '../ir.js';

const duration = z
  .union([z.string().regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/), z.number().positive()])
  .describe('"250ms", "30s", "5m", "2h", "1d", or seconds');
const expression = z.union([z.string(), z.boolean()]).describe('an expression ("score < 0.8") or one wrapped in {{ }}');
const stepId = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/);
const model = z
  .union([z.string(), z.array(z.string())])
  .describe('"provider:model", a registry name, a fallback list, auto, or <AUTO task="…">…</AUTO>');

export const RETRY_SHAPE = {
  max_attempts: z.number().int().min(1).max(100).describe('attempts in all (default 3)'),
  initial_interval: duration.describe('first wait between attempts (default 1s)'),
  backoff: z.number().min(1).describe('factor by which the wait grows (default 2.0)'),
  max_interval: duration.describe('longest wait between attempts (default 1m)'),
  non_retryable: z.array(z.string()).describe('error types that are not retried'),
};

export const PARAMETER_SHAPE = {
  type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object']),
  default: z.unknown(),
  required: z.boolean(),
  description: z.string(),
  enum: z.array(z.unknown()),
  items: z.unknown(),
  minimum: z.number(),
  maximum: z.number(),
  min_length: z.number().int().min(0),
  max_length: z.number().int().min(0),
  pattern: z.string(),
};

export const APPROVAL_SHAPE = {
  title: z.string(),
  content: z.unknown(),
  timeout: duration,
  on_timeout: z.enum(['reject', 'approve', 'fail']),
  allow_edit: z.boolean(),
  require_comment: z.boolean(),
  fields: z
    .record(z.string(), z.unknown())
    .describe('a JSON Schema object of string/number/integer/boolean/enum properties'),
};

export const REQUIRES_MODEL_SHAPE = {
  capabilities: z.array(z.string()),
  min_context: z.number().int(),
  max_cost_per_mtok: z.number(),
  expertise: z.string(),
  min_size: z.union([z.string(), z.number()]),
  max_size: z.union([z.string(), z.number()]),
  preferred: z.array(z.string()),
  excluded: z.array(z.string()),
};

export const PARALLEL_QUEUE_SHAPE = {
  on: z.string(),
  max_parallel: z.number().int().min(1),
  tool: z.string(),
  task: z.record(z.string(), z.unknown()),
  steps: z.array(z.unknown()),
  as: z.string(),
};
export const PARALLEL_TASK_SHAPE = {
  action_loop: z.array(z.unknown()),
  until: z.string(),
  while: z.string(),
  max_iterations: z.union([z.number(), z.string()]),
  steps: z.array(z.unknown()),
};

export const CACHE_SHAPE = {
  ttl: duration.describe('how long a cached answer is used (default: until `orc cache clear`)'),
};
const cache = z
  .union([z.boolean(), z.object(CACHE_SHAPE).partial().strict()])
  .describe('model steps: answer an identical request from the response cache (docs/forensics.md)');

const jumpOrPolicy = z.union([z.enum(['fail', 'continue']), stepId]);

export const STEP_SHAPE = {
  id: stepId,
  name: z.string(),
  description: z.string(),
  depends_on: z.union([z.array(stepId), z.string()]).describe('steps to wait for (template references are added)'),
  if: expression.describe('false → the step is skipped'),
  timeout: duration.describe('per attempt (default 10m)'),
  retry: z.object(RETRY_SHAPE).partial().strict(),
  max_retries: z.number().int().min(1).describe('py-orc: attempts in all'),
  on_failure: jumpOrPolicy,
  on_success: stepId,
  on_false: stepId,
  on_error: z.lazy(() => z.union([stepId, z.array(step)])),
  task_queue: z.string(),
  summary: z.string().describe('one line shown in the Temporal Web UI'),
  execution: z
    .enum(['activity', 'local'])
    .describe('tool steps: a regular activity, or a local activity on the workflow worker (default: by action)'),
  action: z
    .string()
    .describe(
      'a tool action, or a model action: generate, generate_structured, analyze_text, agent, generate_image, transcribe_audio, generate_speech',
    ),
  parameters: z.record(z.string(), z.unknown()),
  model,
  requires_model: z.union([z.object(REQUIRES_MODEL_SHAPE).partial().strict(), z.literal('none'), z.null()]),
  steps: z.lazy(() => z.array(step)),
  max_parallel: z.number().int().min(1).max(MAX_PARALLEL_LIMIT),
  as: z.string(),
  max_iterations: z.union([z.number().int().min(1), z.string()]),
  inputs: z.record(z.string(), z.unknown()),
  tool: z.string(),
  for_each: z.string().describe('an expression giving the list to loop over'),
  while: expression,
  until: expression,
  approval: z.object(APPROVAL_SHAPE).partial().strict(),
  pipeline: z.string().describe('a pipeline file, relative to this one'),
  wait: z.union([duration, z.object({ until: z.string() }).strict()]),
  create_parallel_queue: z.object(PARALLEL_QUEUE_SHAPE),
  action_loop: z.array(z.unknown()),
  cache,
};

/** py-orc's spellings and keys that do nothing: accepted by editors, marked as such. */
export const STEP_ALIASES: Readonly<Record<string, string>> = { dependencies: 'depends_on', condition: 'if' };
export const STEP_INERT_KEYS: Readonly<Record<string, string>> = {
  metadata: 'step metadata is not used by the engine',
  produces: "py-orc records it but does nothing with it; later steps read this step's result directly",
  location: "py-orc records it but does nothing with it; write the path into the tool's parameters",
  cache_results:
    "results are kept in the run's history; to answer identical model requests across runs, write cache: true on a model step",
  tags: 'tags are not used',
  continue_on_error: 'py-orc ignores it; write on_failure: continue',
  error_handling: 'py-orc ignores it; write on_failure, on_error or retry',
  parallel: 'steps without dependencies between them already run in parallel',
  add_completion_task:
    'a loop is one step: later steps depend on its id directly (py-orc adds a completion task under the loop id to stand for it)',
  foreach:
    'py-orc ignores it (it is not for_each): the step runs once and {{ item }} is undefined in it; write for_each to loop',
};
export const PIPELINE_ALIASES: Readonly<Record<string, string>> = { inputs: 'parameters' };
export const PIPELINE_INERT_KEYS: Readonly<Record<string, string>> = {
  context: 'py-orc passes it to models as extra context; here steps read parameters and step results instead',
  tags: 'tags are not used; filter runs by pipeline id (orc list --pipeline)',
  config: "py-orc ignores it; a worker's settings come from its environment (docs/operations.md)",
  enhanced_outputs: "py-orc ignores it; every step's result is in the run's result document already",
};
/**
 * py-orc ignores every top-level key it does not know (its schema allows any), so such a key is
 * a warning here too — unless it is close to a key orc knows, when it is most likely a typo.
 */
export const PIPELINE_UNKNOWN_KEYS = 'py-orc ignores top-level keys it does not know, and so does orc';

function editorExtras(
  shape: Record<string, z.ZodType>,
  aliases: Readonly<Record<string, string>>,
  inert: Readonly<Record<string, string>>,
): Record<string, z.ZodType> {
  return {
    ...Object.fromEntries(
      Object.entries(aliases).map(([alias, key]) => [
        alias,
        (shape[key] ?? z.unknown()).describe(`py-orc's name for ${key}`),
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(inert).map(([key, reason]) => [key, z.unknown().describe(`no effect: ${reason}`)]),
    ),
  };
}

// Every key is optional but the id: the compiler says what a kind of step needs.
const step: z.ZodType = z
  .object({ ...STEP_SHAPE, ...editorExtras(STEP_SHAPE as Record<string, z.ZodType>, STEP_ALIASES, STEP_INERT_KEYS) })
  .partial()
  .required({ id: true })
  .strict();

export const DEFAULTS_SHAPE = {
  timeout: duration,
  retry: z.object(RETRY_SHAPE).partial().strict(),
  model,
  task_queue: z.string(),
  max_parallel: z.number().int().min(1).max(MAX_PARALLEL_LIMIT),
  max_running_steps: z.number().int().min(1).max(MAX_RUNNING_STEPS_LIMIT),
};
export const BUDGET_SHAPE = {
  max_cost_usd: z.number().positive(),
  max_tokens: z.number().int().min(1),
  on_exceed: z.enum(['fail', 'pause']),
};
export const SCHEDULE_SHAPE = {
  cron: z.string(),
  every: duration,
  timezone: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  overlap: z.enum(['skip', 'buffer-one', 'allow-all']),
  paused: z.boolean(),
};
export const MCP_SERVER_SHAPE = {
  command: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
};

export const PIPELINE_SHAPE = {
  id: stepId.describe('defaults to the file name'),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  parameters: z.record(
    z.string(),
    z.union([
      z.object(PARAMETER_SHAPE).partial().strict(),
      z.string(),
      z.number(),
      z.boolean(),
      z.array(z.unknown()),
      z.null(),
      z.record(z.string(), z.unknown()).describe('a literal object: the default'),
    ]),
  ),
  steps: z.array(step).min(1),
  outputs: z.record(z.string(), z.unknown()),
  model,
  defaults: z.object(DEFAULTS_SHAPE).partial().strict(),
  budget: z.object(BUDGET_SHAPE).partial().strict(),
  timeout: duration.describe('limit for the whole run'),
  schedule: z.object(SCHEDULE_SHAPE).partial().strict(),
  mcp_servers: z.record(z.string(), z.object(MCP_SERVER_SHAPE).partial().strict()),
  cache: cache.describe('the default of every model step: answer identical requests from the response cache'),
  metadata: z.unknown(),
};

/** The JSON Schema of a pipeline file, for editors (`orc schema`). */
export function languageJsonSchema(): Record<string, unknown> {
  const pipeline = z
    .object({
      ...PIPELINE_SHAPE,
      ...editorExtras(PIPELINE_SHAPE as Record<string, z.ZodType>, PIPELINE_ALIASES, PIPELINE_INERT_KEYS),
    })
    .partial()
    .required({ steps: true })
    .catchall(z.unknown().describe(`no effect: ${PIPELINE_UNKNOWN_KEYS}`));
  const schema = z.toJSONSchema(pipeline, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    propertyNames: typoFreeKeyNames(Object.keys(schema.properties as object), [
      ...Object.keys(PIPELINE_SHAPE),
      ...Object.keys(PIPELINE_ALIASES),
    ]),
    $id: 'https://orchestrator.dev/schema/pipeline-v1.json',
    title: 'orc pipeline',
    description: 'A pipeline for orc (Orchestrator on Temporal); see docs/pipeline-language.md',
  };
}

/**
 * The compiler warns about an unknown top-level key (W_INERT_KEY) unless it is close to a key it
 * knows, which is E_UNKNOWN_KEY with "did you mean". JSON Schema cannot measure edit distance, so
 * the editor refuses the typos one edit away from a known key (a letter left out, added, changed,
 * or two swapped: the usual ones) and accepts every other unknown key. Everything it refuses the
 * compiler refuses too; a farther typo is left to `orc validate`.
 */
function typoFreeKeyNames(declared: readonly string[], known: readonly string[]): Record<string, unknown> {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const variants = new Set<string>();
  for (const key of known) {
    for (let index = 0; index <= key.length; index++) {
      const before = escape(key.slice(0, index));
      variants.add(`${before}.${escape(key.slice(index))}`);
      if (index === key.length) continue;
      variants.add(before + escape(key.slice(index + 1)));
      variants.add(`${before}.${escape(key.slice(index + 1))}`);
      if (index + 1 < key.length) {
        variants.add(before + escape(key[index + 1]! + key[index]!) + escape(key.slice(index + 2)));
      }
    }
  }
  return {
    anyOf: [{ enum: [...declared] }, { not: { pattern: `^(?:${[...variants].join('|')})$` } }],
    description: 'a key one edit away from a known key is most likely a typo (E_UNKNOWN_KEY)',
  };
}
