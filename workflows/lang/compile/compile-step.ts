// One step → its IR: the keys every step has, then its kind (exactly one). References and
// dependencies are resolved later, once every id of the file is known.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { JumpIR, OnErrorIR, StepIR, ToolStepIR } from '../ir.js';
import type { CompileContext, CompiledStep, StepTemplate } from './context.js';
import { compileRetry } from './compile-retry.js';
import { IDENTIFIER, STEP_KEYS, isReservedName } from './key-tables.js';

/** A natural-language step reads `produces` and `location` (py-orc's inert keys elsewhere). */
const AUTO_ACTION_STEP_KEYS = {
  ...STEP_KEYS,
  known: [...STEP_KEYS.known, 'produces', 'location'],
  inert: Object.fromEntries(
    Object.entries(STEP_KEYS.inert ?? {}).filter(([key]) => key !== 'produces' && key !== 'location'),
  ),
};

/** A tool step declares its `location` (py-orc): readable as `location` and `<id>.location`. */
const TOOL_STEP_KEYS = {
  ...STEP_KEYS,
  known: [...STEP_KEYS.known, 'location'],
  inert: Object.fromEntries(Object.entries(STEP_KEYS.inert ?? {}).filter(([key]) => key !== 'location')),
};

const actionOf = (node: Node): unknown => (isMap(node) ? (node.get('action') as unknown) : undefined);
const isToolStep = (node: Node) => isMap(node) && node.has('tool') && node.has('action');
const keysOf = (node: Node) =>
  isAutoAction(actionOf(node)) ? AUTO_ACTION_STEP_KEYS : isToolStep(node) ? TOOL_STEP_KEYS : STEP_KEYS;
import { readMapping, type Entry } from './mapping.js';
import { pointerJoin } from './source.js';
import { compileExecution, compileStepKind, isAutoAction, type StepDefaults } from './step-kinds/index.js';
import { describeNode, plainValue, readDuration, readIdList, readString } from './values.js';
import { findAutoTagSpans } from './auto-tags.js';
import { autoTagAttributes } from './scan-values.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

/** `fallbackId` names py-orc's id-less action_loop items. */
export function compileStep(
  context: CompileContext,
  node: Node,
  pointer: string,
  defaults: StepDefaults,
  fallbackId?: string,
): CompiledStep | undefined {
  const { source } = context;
  if (!source.spend('steps', 1, node)) return undefined;
  const entries = readMapping(source, node, pointer, keysOf(node));
  if (!entries) return undefined;
  const id = compileStepId(context, node, pointer, entries, fallbackId);
  if (id === undefined) return undefined;
  const step: CompiledStep = {
    ir: undefined as unknown as StepIR,
    node,
    pointer,
    idNode: entries.get('id')?.value ?? null,
    explicitDependencies: [],
    jumps: [],
    children: [],
    templates: [],
  };
  const kind = compileStepKind(context, id, node, entries, step, defaults);
  if (!kind) {
    context.failedIds.add(id);
    return undefined;
  }
  const timeout = entries.get('timeout');
  const range = source.rangeOf(node);
  const ir = {
    ...kind,
    id,
    depends_on: [],
    timeout_ms: timeout ? (readDuration(source, timeout, 'timeout') ?? defaults.timeout_ms) : defaults.timeout_ms,
    retry: compileRetry(source, entries.get('retry'), entries.get('max_retries'), defaults.retry),
    on_failure: compileOnFailure(context, id, entries.get('on_failure'), step),
    location: { line: range.line, column: range.column },
  } as StepIR;
  for (const key of ['name', 'description', 'task_queue', 'summary'] as const) {
    const entry = entries.get(key);
    const value = entry && readString(source, entry, key);
    if (value !== undefined) ir[key] = value;
  }
  if (!ir.task_queue && defaults.task_queue) ir.task_queue = defaults.task_queue;
  if (ir.kind === 'tool') compileExecution(context, ir, entries.get('execution'));
  const summary = entries.get('summary');
  if (summary?.value && ir.summary !== undefined)
    step.templates.push({ text: ir.summary, node: summary.value, pointer: summary.pointer, expression: false });
  compileCondition(context, entries.get('if'), ir, step.templates);
  for (const key of ['on_success', 'on_false'] as const) {
    const entry = entries.get(key);
    if (entry) {
      const jump = compileJump(context, id, key, entry, step);
      if (jump) ir[key] = jump;
    }
  }
  const onError = entries.get('on_error');
  if (onError) {
    const handlers = compileOnError(context, id, onError, step, defaults);
    if (handlers) ir.on_error = handlers;
  }
  const dependencies = entries.get('depends_on');
  step.explicitDependencies = dependencies ? readIdList(source, dependencies, 'depends_on') : [];
  const conditionAuto = ir.if?.includes('<AUTO')
    ? findAutoTagSpans(ir.if).map((span) => ir.if!.slice(span.start, span.end))
    : [];
  const autoTags = [
    ...(ir.auto_tags ?? []),
    ...conditionAuto.map((text) => ({
      pointer: '/if',
      text,
      attributes: { type: 'boolean', ...autoTagAttributes(text) },
    })),
    ...(step.autoTags ?? []),
  ];
  if (autoTags.length) ir.auto_tags = autoTags;
  if (isMap(node)) step.inertKeys = ['location', 'produces'].filter((key) => node.has(key));
  if (ir.kind === 'tool') compileToolLocation(context, ir, entries.get('location'), step);
  // A natural-language step's `location` is part of its value too (`{{ step.location }}`).
  if (ir.kind === 'model' && ir.product) step.inertKeys = step.inertKeys?.filter((key) => key !== 'location');
  compileModelRequirementOnOtherKinds(context, id, ir, entries.get('requires_model'));
  if (isMap(node) && node.has('foreach'))
    step.boundNames = ['item', '$item', 'index', '$index', '$is_first', '$is_last'];
  step.ir = ir;
  return step;
}

function compileStepId(
  context: CompileContext,
  node: Node,
  pointer: string,
  entries: Map<string, Entry>,
  fallbackId?: string,
): string | undefined {
  const { source } = context;
  const idEntry = entries.get('id');
  if (!idEntry && fallbackId && !context.ids.has(fallbackId)) {
    context.ids.set(fallbackId, { line: source.rangeOf(node).line });
    return fallbackId;
  }
  if (!idEntry) {
    source.report(
      'error',
      'E_MISSING_KEY',
      node,
      pointer,
      'step has no "id"',
      'give every step a unique id, e.g. "id: fetch_data"',
    );
    return undefined;
  }
  const id = readString(source, idEntry, 'step id');
  if (id === undefined) return undefined;
  if (!IDENTIFIER.test(id) || isReservedName(id)) {
    source.report(
      'error',
      'E_INVALID_ID',
      idEntry.value,
      idEntry.pointer,
      isReservedName(id) ? `step id "${id}" is reserved` : `step id "${id}" is not an identifier`,
      'use letters, digits, "_" and "-", starting with a letter or "_" (not "__", constructor or prototype)',
    );
    return undefined;
  }
  const earlier = context.ids.get(id);
  if (earlier) {
    // Both copies of a step repeated through an alias stand on the anchor's line.
    const repeated = earlier.line === source.rangeOf(node).line;
    const message = repeated
      ? `step id "${id}" is used twice: the step at line ${earlier.line} is repeated (through a YAML alias) at ${pointer}`
      : `step id "${id}" is used twice (first at line ${earlier.line})`;
    source.report(
      'error',
      'E_DUPLICATE_STEP',
      idEntry.value,
      idEntry.pointer,
      message,
      'step ids must be unique in the whole file, loop bodies and handlers included',
    );
    return undefined;
  }
  context.ids.set(id, { line: source.rangeOf(node).line });
  return id;
}

function compileCondition(
  context: CompileContext,
  entry: Entry | undefined,
  ir: StepIR,
  templates: StepTemplate[],
): void {
  if (!entry) return;
  const value = plainValue(entry.value);
  if (typeof value === 'boolean') {
    ir.if = value ? 'true' : 'false';
    return;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    context.source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `if must be an expression such as "score < 0.8", not ${describeNode(entry.value)}`,
    );
    return;
  }
  ir.if = value;
  templates.push({ text: value, node: entry.value!, pointer: entry.pointer, expression: !value.includes('<AUTO') });
}

function compileJump(
  context: CompileContext,
  id: string,
  key: string,
  entry: Entry,
  step: CompiledStep,
): JumpIR | undefined {
  const target = plainValue(entry.value);
  if (typeof target !== 'string' || !IDENTIFIER.test(target)) {
    context.source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `step "${id}": ${key} must name a later step, not ${describeNode(entry.value)}`,
    );
    return undefined;
  }
  step.jumps.push({ key, target, node: entry.value });
  return { jump: target };
}

function compileOnFailure(
  context: CompileContext,
  id: string,
  entry: Entry | undefined,
  step: CompiledStep,
): 'fail' | 'continue' | JumpIR {
  if (!entry) return 'fail';
  const value = plainValue(entry.value);
  if (value === 'fail' || value === 'continue') return value;
  if (typeof value === 'string' && IDENTIFIER.test(value))
    return compileJump(context, id, 'on_failure', entry, step) ?? 'fail';
  context.source.report(
    'error',
    'E_TYPE',
    entry.value ?? entry.keyNode,
    entry.pointer,
    `on_failure must be "fail", "continue" or a later step's id, not ${describeNode(entry.value)}`,
  );
  return 'fail';
}

function compileOnError(
  context: CompileContext,
  id: string,
  entry: Entry,
  step: CompiledStep,
  defaults: StepDefaults,
): OnErrorIR | undefined {
  const node = entry.value;
  if (isScalar(node)) {
    const jump = compileJump(context, id, 'on_error', entry, step);
    return jump;
  }
  if (!isSeq(node) && !isMap(node)) {
    context.source.report(
      'error',
      'E_TYPE',
      node ?? entry.keyNode,
      entry.pointer,
      `on_error must be a list of handler steps or a later step's id, not ${describeNode(node)}`,
    );
    return undefined;
  }
  const items = isSeq(node) ? (node.items as Node[]) : [node];
  const handlers = items
    .map((item, index) => compileStep(context, item, pointerJoin(entry.pointer, index), defaults))
    .filter((handler): handler is CompiledStep => handler !== undefined);
  step.children.push({ role: 'handlers', steps: handlers });
  return { steps: handlers.map((handler) => handler.ir) };
}

/** A tool step's `location`: rendered before it runs, the variable `location` of its own templates. */
function compileToolLocation(context: CompileContext, ir: ToolStepIR, entry: Entry | undefined, step: CompiledStep) {
  if (!entry?.value) return;
  const location = readString(context.source, entry, 'location');
  if (location === undefined) return;
  ir.product = { location };
  step.templates.push({ text: location, node: entry.value, pointer: entry.pointer, expression: false });
  step.inertKeys = step.inertKeys?.filter((key) => key !== 'location');
  step.boundNames = [...(step.boundNames ?? []), 'location'];
}

/** `requires_model` on a tool step means py-orc lets a model drive it: not offered (on a loop it chooses its body's model). */
function compileModelRequirementOnOtherKinds(
  context: CompileContext,
  id: string,
  ir: StepIR,
  entry: Entry | undefined,
): void {
  // On loops (py-orc's action_loop, create_parallel_queue) it is for the model steps of the body.
  if (!entry || ir.kind === 'model' || ir.kind === 'for_each' || ir.kind === 'loop') return;
  const value = plainValue(entry.value);
  if (value === null || value === 'none' || value === false) return;
  context.source.report(
    'error',
    'E_UNSUPPORTED',
    entry.keyNode,
    entry.pointer,
    `step "${id}": requires_model on a ${ir.kind === 'tool' ? 'tool step' : 'loop'} (a model deciding how to run it) is not offered`,
    'model steps take requires_model; tool steps and loops run as written',
  );
}
