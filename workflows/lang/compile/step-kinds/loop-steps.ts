// Loops: `for_each` (and py-orc's `create_parallel_queue`), `while`/`until` (and py-orc's
// `action_loop … until`). Their bodies are step lists of their own, compiled recursively.
import { isSeq, type Node } from 'yaml';
import { MAX_PARALLEL_LIMIT, type ForEachStepIR, type LoopStepIR, type StepIR } from '../../ir.js';
import type { CompileContext, CompiledStep } from '../context.js';
import { PARALLEL_QUEUE_KEYS, PARALLEL_TASK_KEYS } from '../key-tables.js';
import { compileRequirements } from '../compile-model.js';
import { readMapping, type Entry } from '../mapping.js';
import { pointerJoin } from '../source.js';
import { describeNode, plainValue, readPositiveInteger, readString } from '../values.js';
import type { StepDefaults } from './index.js';
import { rejectKeys } from './reject-keys.js';

type Fields<T extends StepIR> = Omit<T, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

export function compileForEachStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): Fields<ForEachStepIR> | undefined {
  rejectKeys(context, id, 'a for_each loop', entries, ['for_each', 'steps', 'max_parallel', 'as']);
  const items = readExpression(context, id, entries.get('for_each')!, step, false);
  const steps = compileBody(context, id, entries.get('steps'), entries.get('for_each')!, step, defaults);
  const asEntry = entries.get('as');
  const as = asEntry ? readString(context.source, asEntry, 'as') : 'item';
  if (as !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(as))
    context.source.report(
      'error',
      'E_INVALID_ID',
      asEntry!.value,
      asEntry!.pointer,
      `as must be a variable name, not "${as}"`,
    );
  const maxParallelEntry = entries.get('max_parallel');
  const maxParallel = maxParallelEntry
    ? readPositiveInteger(context.source, maxParallelEntry, 'max_parallel', MAX_PARALLEL_LIMIT)
    : defaults.max_parallel;
  if (items === undefined || steps === undefined) return undefined;
  return { kind: 'for_each', items, as: as ?? 'item', max_parallel: maxParallel ?? defaults.max_parallel, steps };
}

export function compileLoopStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): Fields<LoopStepIR> | undefined {
  rejectKeys(context, id, 'a while/until loop', entries, [
    'while',
    'until',
    'steps',
    'max_iterations',
    'action_loop',
    'requires_model',
  ]);
  const bodyDefaults = withRequiredModel(context, entries, defaults);
  const whileEntry = entries.get('while');
  const untilEntry = entries.get('until');
  const condition = {
    ...(whileEntry ? { while: readExpression(context, id, whileEntry, step, true) } : {}),
    ...(untilEntry ? { until: readExpression(context, id, untilEntry, step, true) } : {}),
  };
  const bodyEntry = entries.get('steps') ?? entries.get('action_loop');
  const steps = compileBody(
    context,
    id,
    bodyEntry,
    whileEntry ?? untilEntry ?? entries.get('action_loop')!,
    step,
    bodyDefaults,
  );
  const maxIterations = readMaxIterations(context, id, entries.get('max_iterations'), step);
  if (steps === undefined || maxIterations === undefined) return undefined;
  if (!whileEntry && !untilEntry)
    context.source.report(
      'error',
      'E_MISSING_KEY',
      entries.get('action_loop')?.keyNode ?? step.node,
      step.pointer,
      `loop "${id}" needs "until:" or "while:" to know when to stop`,
    );
  return { kind: 'loop', ...condition, max_iterations: maxIterations, steps } as Fields<LoopStepIR>;
}

/** py-orc: `create_parallel_queue: {on, max_parallel, task: {action_loop: [...], until}}`. */
export function compileParallelQueueStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): Fields<ForEachStepIR> | undefined {
  rejectKeys(context, id, 'a create_parallel_queue step', entries, [
    'create_parallel_queue',
    'model',
    'requires_model',
  ]);
  const queueEntry = entries.get('create_parallel_queue')!;
  const queue = readMapping(context.source, queueEntry.value, queueEntry.pointer, PARALLEL_QUEUE_KEYS);
  if (!queue) return undefined;
  const on = queue.get('on');
  if (!on) {
    context.source.report(
      'error',
      'E_MISSING_KEY',
      queueEntry.keyNode,
      queueEntry.pointer,
      `create_parallel_queue of step "${id}" needs "on:" (the list to go through)`,
    );
    return undefined;
  }
  const items = readExpression(context, id, on, step, false);
  const task = queue.get('task');
  const taskEntries = task ? readMapping(context.source, task.value, task.pointer, PARALLEL_TASK_KEYS) : undefined;
  const body = taskEntries?.get('action_loop') ?? taskEntries?.get('steps') ?? queue.get('steps');
  const steps = compileBody(context, id, body, queueEntry, step, withRequiredModel(context, entries, defaults));
  const maxParallelEntry = queue.get('max_parallel');
  const maxParallel = maxParallelEntry
    ? readPositiveInteger(context.source, maxParallelEntry, 'max_parallel', MAX_PARALLEL_LIMIT)
    : defaults.max_parallel;
  if (items === undefined || steps === undefined) return undefined;
  return { kind: 'for_each', items, as: 'item', max_parallel: maxParallel ?? defaults.max_parallel, steps };
}

/**
 * py-orc's `requires_model` on a loop: the model its body's model and natural-language steps
 * use unless they name their own (the loop itself runs as written).
 */
function withRequiredModel(context: CompileContext, entries: Map<string, Entry>, defaults: StepDefaults): StepDefaults {
  const entry = entries.get('requires_model');
  const value = entry && plainValue(entry.value);
  if (!entry || value === null || value === 'none' || value === false) return defaults;
  const requirements = compileRequirements(context, entry);
  return requirements ? { ...defaults, model: { kind: 'auto', requirements } } : defaults;
}

function readExpression(
  context: CompileContext,
  id: string,
  entry: Entry,
  step: CompiledStep,
  readsBody: boolean,
): string | undefined {
  const value = plainValue(entry.value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string' || value.trim() === '') {
    context.source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `${entry.key} of step "${id}" must be an expression, not ${describeNode(entry.value)}`,
    );
    return undefined;
  }
  const auto = value.includes('<AUTO');
  step.templates.push({ text: value, node: entry.value!, pointer: entry.pointer, expression: !auto, readsBody });
  // A question instead of an expression: a model answers it when the loop runs (spec §8.7).
  if (auto)
    (step.autoTags ??= []).push({
      pointer: `/${entry.key === 'on' ? 'items' : entry.key}`,
      text: value,
      attributes: { type: entry.key === 'on' || entry.key === 'for_each' ? 'list' : 'boolean' },
    });
  return value;
}

function readMaxIterations(
  context: CompileContext,
  id: string,
  entry: Entry | undefined,
  step: CompiledStep,
): number | string | undefined {
  if (!entry) return 10;
  const value = plainValue(entry.value);
  if (typeof value === 'string' && value.includes('{{')) {
    step.templates.push({ text: value, node: entry.value!, pointer: entry.pointer, expression: false });
    return value;
  }
  return readPositiveInteger(context.source, entry, `max_iterations of loop "${id}"`, 1_000_000);
}

function compileBody(
  context: CompileContext,
  id: string,
  entry: Entry | undefined,
  owner: Entry,
  step: CompiledStep,
  defaults: StepDefaults,
): StepIR[] | undefined {
  if (!entry || !isSeq(entry.value) || entry.value.items.length === 0) {
    context.source.report(
      'error',
      'E_MISSING_KEY',
      entry?.value ?? owner.keyNode,
      entry?.pointer ?? step.pointer,
      `loop "${id}" needs "steps:", a non-empty list of the steps to repeat`,
    );
    return undefined;
  }
  const fallback = (index: number) => (entry.key === 'action_loop' ? `${id}-action-${index + 1}` : undefined);
  const body = (entry.value.items as Node[])
    .map((node, index) => context.compileStep(node, pointerJoin(entry.pointer, index), defaults, fallback(index)))
    .filter((child): child is CompiledStep => child !== undefined);
  step.children.push({ role: 'body', steps: body });
  return body.map((child) => child.ir);
}
