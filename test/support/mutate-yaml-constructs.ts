// Mutations that add the language's own constructs where they do not fit: loops, conditions,
// routing to missing or earlier steps, approvals, waits, models, nested steps, and
// pipeline-level settings with wrong shapes, so the step kinds' checks are fuzzed too.
import { pick, randomInteger, type Random } from './seeded-random.js';
import type { Mutator } from './yaml-lines.js';

/** Step keys with odd values; `TARGET` becomes a step id of the file, or a missing one. */
const STEP_CONSTRUCTS = [
  'for_each: "{{ [1, 2, 3] }}"',
  'for_each: 42',
  'for_each: "{{ TARGET.result }}"',
  'while: "{{ $iteration < 3 }}"',
  'until: "{{ true"',
  'max_iterations: -1',
  'max_iterations: "{{ 1e9 }}"',
  'max_parallel: 0',
  'as: "not an id"',
  'if: "{{ "',
  'condition: "{{ TARGET.result.ok }}"',
  'on_success: TARGET',
  'on_false: TARGET',
  'on_error: TARGET',
  'on_failure: TARGET',
  'on_error: [{id: handler, tool: filesystem}]',
  'depends_on: [TARGET, TARGET]',
  'depends_on: "TARGET, , TARGET"',
  'approval: {title: ok, timeout: -1s}',
  'approval: true',
  'wait: 5s',
  'wait: {until: "{{ "}',
  'wait: forever',
  'model: <AUTO>pick one</AUTO>',
  'model: {provider: nowhere}',
  'model: 42',
  'requires_model: none',
  'requires_model: {capabilities: x}',
  'steps: []',
  'steps: [{id: TARGET, tool: filesystem, action: read, parameters: {path: a}}]',
  'steps: [{id: inner, for_each: "{{ [1] }}", steps: [{id: inner2, wait: 1s}]}]',
  'action_loop: []',
  'action_loop: [{action: x}, 1]',
  'create_parallel_queue: {on: "{{ [1] }}", task: {}}',
  'create_parallel_queue: {}',
  'retry: {max_attempts: 0, backoff: 0.5}',
  'timeout: -5s',
  'max_retries: 1000',
  'pipeline: ""',
  'inputs: [1]',
  'parameters: {prompt: "{{ secrets.API_KEY }}"}',
  'action: generate',
  'action: agent',
  'tool: pipeline-executor',
  'tool: filesystem',
  'task_queue: {}',
  'summary: "{{ TARGET.result | tojson }}"',
];

const PIPELINE_CONSTRUCTS = [
  'defaults: {timeout: soon, retry: {max_attempts: 0}, max_parallel: 0}',
  'defaults: [1]',
  'budget: {max_cost_usd: -1, on_exceed: explode}',
  'schedule: {cron: "* *", every: 0s, overlap: sometimes}',
  'schedule: daily',
  'mcp_servers: {x: {command: 42}}',
  'mcp_servers: [1]',
  'model: <AUTO>',
  'model: {}',
  'timeout: 0',
  'outputs: [1, 2]',
  'outputs: {secret: "{{ secrets.API_KEY }}"}',
  'metadata: *nowhere',
  'parameters: {a: {type: tuple}, b: {enum: 1}, c: {type: integer, default: x}}',
  'context: {a: 1}',
  'inputs: {x: 1}',
];

function stepIds(lines: readonly string[]): string[] {
  return lines.flatMap((line) => /^\s*- id\s*:\s*["']?([^"'\s#]+)/.exec(line)?.[1] ?? []);
}

function withTarget(construct: string, random: Random, ids: readonly string[]): string {
  return construct.replace(/TARGET/g, () => (ids.length > 0 && random() < 0.8 ? pick(random, ids) : 'nowhere'));
}

/** One construct added as a key of a random step, right after its `- id:` line. */
export const addStepConstruct: Mutator = (text, random) => {
  const lines = text.split('\n');
  const steps = lines.flatMap((line, index) => (/^\s*- id\s*:/.test(line) ? [index] : []));
  if (steps.length === 0) return { text, description: 'add a step construct: no "- id:" line, unchanged' };
  const at = pick(random, steps);
  const construct = withTarget(pick(random, STEP_CONSTRUCTS), random, stepIds(lines));
  lines.splice(at + 1, 0, `${' '.repeat(lines[at]!.indexOf('-') + 2)}${construct}`);
  return { text: lines.join('\n'), description: `add "${construct}" to the step on line ${at + 1}` };
};

/** One pipeline-level key with a wrong shape, at the top or the end of the file. */
export const addPipelineConstruct: Mutator = (text, random) => {
  const construct = pick(random, PIPELINE_CONSTRUCTS);
  const atEnd = randomInteger(random, 0, 1) === 1;
  return atEnd
    ? { text: `${text.replace(/\n*$/, '')}\n${construct}\n`, description: `append "${construct}"` }
    : { text: `${construct}\n${text}`, description: `prepend "${construct}"` };
};
