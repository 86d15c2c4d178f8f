// Outputs the file itself reads (`{{ outputs.pdf }}`, py-orc's research report pipeline, issue 17
// item 4). An `<AUTO>` output value that something reads is asked once, by a model step the
// compiler inserts (`outputs.<name>`), so its answer is in history and every reader sees the same
// one; a plain templated output is rendered where it is read, so whoever reads it waits for
// what it reads. Outputs reading each other in a circle could never be computed: an error.
import { isMap, type Node } from 'yaml';
import {
  TemplateError,
  expressionReferences,
  parseTemplate,
  templateReferences,
  type TemplateReference,
} from '../expr/index.js';
import type { ModelStepIR, PipelineIR } from '../ir.js';
import type { CompileContext, CompiledStep, StepTemplate } from './context.js';
import type { Entry } from './mapping.js';
import {
  dependOn,
  isBoundName,
  referencesOf,
  report,
  type ListScope,
  type Reader,
  type Resolution,
} from './resolve-references.js';
import { closestMatch } from '../diagnostics.js';
import { pointerJoin, type SourceFile } from './source.js';
import { isAutoAction, withoutTags, type StepDefaults } from './step-kinds/index.js';
import { plainValue } from './values.js';

export interface DeclaredOutput {
  name: string;
  /** The template (or value) as written; the long form's `value`. */
  value: unknown;
  node: Node;
  pointer: string;
  /** What it reads, each reference with the template it is in. */
  reads: OutputRead[];
  /** The inserted step answering an `<AUTO>` value that something reads. */
  stepId?: string;
}

export interface OutputRead {
  template: StepTemplate;
  reference: TemplateReference;
}

export type DeclaredOutputs = Map<string, DeclaredOutput>;

/** The outputs as declared, their templates parsed once (syntax errors reported here). */
export function declareOutputs(context: CompileContext, entry: Entry | undefined): DeclaredOutputs {
  const outputs: DeclaredOutputs = new Map();
  if (!entry || !isMap(entry.value)) return outputs;
  for (const pair of entry.value.items) {
    const name = String((pair.key as { value?: unknown } | null)?.value ?? '');
    let node = pair.value as Node | null;
    let pointer = pointerJoin(entry.pointer, name);
    // py-orc's long form `name: {type, value, description}`: the value is the template.
    if (isMap(node) && node.has('value')) {
      node = node.get('value', true) as Node | null;
      pointer = pointerJoin(pointer, 'value');
    }
    if (!node) continue;
    const reads = templatesUnder(node, pointer).flatMap((template) =>
      referencesOf(context.source, template).map((reference) => ({ template, reference })),
    );
    outputs.set(name, { name, value: plainValue(node), node, pointer, reads });
  }
  return outputs;
}

function templatesUnder(node: Node, pointer: string): StepTemplate[] {
  const found: StepTemplate[] = [];
  const visit = (current: Node | null, at: string) => {
    const scalar = current as { value?: unknown; items?: unknown[] } | null;
    if (scalar && typeof scalar.value === 'string' && (scalar.value.includes('{{') || scalar.value.includes('{%')))
      found.push({ text: scalar.value, node: current!, pointer: at, expression: false });
    else if (scalar && Array.isArray(scalar.items))
      scalar.items.forEach((item, index) => {
        const pair = item as { key?: { value?: unknown }; value?: Node | null };
        if (pair && typeof pair === 'object' && 'key' in pair)
          visit(pair.value ?? null, pointerJoin(at, String(pair.key?.value)));
        else visit(item as Node, pointerJoin(at, index));
      });
  };
  visit(node, pointer);
  return found;
}

/** Names of outputs a template reads (`outputs.x`, `outputs['x']`); a template that does not parse reads none here. */
export function outputsReadBy(template: Pick<StepTemplate, 'text' | 'expression'>): string[] {
  if (!template.text.includes('outputs')) return [];
  try {
    const references = template.expression
      ? expressionReferences(template.text)
      : templateReferences(parseTemplate(template.text));
    return outputNames(references);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return [];
  }
}

export const outputNames = (references: readonly TemplateReference[]): string[] =>
  references
    .filter((reference) => reference.name === 'outputs' && reference.path[0])
    .map((reference) => reference.path[0]!);

/**
 * The outputs steps or other outputs read, and every `<AUTO>` one, each after the outputs it reads; `<AUTO>` ones get
 * their inserted model step (returned, to run first among the top-level steps).
 */
export function insertOutputSteps(
  outputs: DeclaredOutputs,
  steps: readonly CompiledStep[],
  defaults: StepDefaults,
  source: SourceFile,
): { order: string[]; inserted: CompiledStep[] } {
  const read = new Set<string>();
  const visitSteps = (list: readonly CompiledStep[]) => {
    for (const step of list) {
      for (const template of step.templates) for (const name of outputsReadBy(template)) read.add(name);
      for (const child of step.children) visitSteps(child.steps);
    }
  };
  visitSteps(steps);
  for (const output of outputs.values()) {
    for (const name of outputNames(output.reads.map((read) => read.reference))) read.add(name);
    // Asked once by its own step whether or not anything reads it: its final value is the answer.
    if (isAutoAction(output.value)) read.add(output.name);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, trail: Set<string>) => {
    const output = outputs.get(name);
    if (!output || placed.has(name) || trail.has(name)) return;
    trail.add(name);
    for (const dependency of outputNames(output.reads.map((read) => read.reference))) place(dependency, trail);
    trail.delete(name);
    placed.add(name);
    order.push(name);
  };
  for (const name of read) place(name, new Set());
  const inserted: CompiledStep[] = [];
  for (const name of order) {
    const output = outputs.get(name)!;
    if (!isAutoAction(output.value)) continue;
    output.stepId = `outputs.${name}`;
    inserted.push(autoOutputStep(output, output.value, defaults, source.rangeOf(output.node)));
  }
  return { order, inserted };
}

function autoOutputStep(
  output: DeclaredOutput,
  text: string,
  defaults: StepDefaults,
  at: { line: number; column: number },
): CompiledStep {
  const prompt = `${withoutTags(text)}\n\nAnswer with the value only: no explanation, no quotes, no formatting.`;
  const ir: ModelStepIR = {
    kind: 'model',
    action: 'generate',
    id: output.stepId!,
    parameters: { prompt },
    // As any <AUTO> question: the pipeline's model, else one the registry chooses.
    model: defaults.model ?? { kind: 'auto' },
    depends_on: [],
    timeout_ms: defaults.timeout_ms,
    retry: defaults.retry,
    on_failure: 'fail',
    location: { line: at.line, column: at.column },
  };
  return {
    ir,
    node: output.node,
    pointer: output.pointer,
    idNode: null,
    explicitDependencies: [],
    jumps: [],
    children: [],
    templates: [{ text: prompt, node: output.node, pointer: output.pointer, expression: false }],
  };
}

/** The IR's readable outputs, in the order they are computed. */
export function readableOutputsIR(outputs: DeclaredOutputs, order: readonly string[]): PipelineIR['readable_outputs'] {
  return order.map((name) => {
    const output = outputs.get(name)!;
    return output.stepId ? { name, step: output.stepId } : { name, value: output.value };
  });
}

/** `outputs.x` in a template, as the final outputs read an answered `<AUTO>` output. */
export const outputReference = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `{{ outputs.${name} }}` : `{{ outputs[${JSON.stringify(name)}] }}`;

/**
 * A read of `outputs.<name>`: an answered `<AUTO>` output is its inserted step's, so the reader
 * waits for that step; any other output is rendered where it is read, so the reader waits for
 * what it reads. Outputs met again on the way read each other in a cycle.
 */
export function readOutput(
  resolution: Resolution,
  scope: ListScope,
  reader: Reader,
  template: StepTemplate,
  reference: TemplateReference,
  trail: readonly string[] = reader.output === undefined ? [] : [reader.output],
): void {
  const outputs = resolution.outputs!;
  const name = reference.path[0];
  if (name === undefined) {
    report(
      resolution,
      template,
      reference,
      'E_UNSUPPORTED',
      `${reader.label} reads every output at once ("outputs"); outputs are read one by one`,
      undefined,
      'read the one you need: {{ outputs.name }}',
    );
    return;
  }
  const output = outputs.get(name);
  if (!output) {
    if (reference.guarded) return;
    const suggestion = closestMatch(name, outputs.keys());
    report(
      resolution,
      template,
      reference,
      'E_UNKNOWN_NAME',
      `${reader.label} reads output "${name}", which "outputs:" does not declare`,
      suggestion,
      `declare it under "outputs:"`,
    );
    return;
  }
  if (output.stepId) {
    const home = resolution.homes.get(output.stepId);
    if (home) dependOn(resolution, scope, reader, template, reference, output.stepId, home);
    return;
  }
  if (trail.includes(name)) {
    if (reader.output !== undefined) reportOutputCycle(resolution, [...trail.slice(trail.indexOf(name)), name]);
    return;
  }
  for (const read of output.reads) {
    if (read.reference.name === 'outputs' && !resolution.homes.has('outputs')) {
      readOutput(resolution, scope, reader, read.template, read.reference, [...trail, name]);
      continue;
    }
    // An output reader needs no dependencies; what an output reads itself is checked at the output.
    if (!reader.step) continue;
    const target = read.reference.name === 'steps' ? read.reference.path[0] : read.reference.name;
    const home = target === undefined ? undefined : resolution.homes.get(target);
    if (home && !isBoundName(scope, target!, resolution.parameters))
      dependOn(resolution, scope, reader, read.template, read.reference, target!, home);
  }
}

function reportOutputCycle(resolution: Resolution, cycle: string[]): void {
  const key = [...new Set(cycle)].sort().join(',');
  resolution.outputCycles ??= new Set();
  if (resolution.outputCycles.has(key)) return;
  resolution.outputCycles.add(key);
  const outputs = [...resolution.outputs!.values()];
  const first = outputs.find((output) => cycle.includes(output.name))!;
  const ring = cycle.slice(0, -1);
  const start = ring.indexOf(first.name);
  const shown = [...ring.slice(start), ...ring.slice(0, start), first.name];
  resolution.source.report(
    'error',
    'E_DEPENDENCY_CYCLE',
    first.node,
    first.pointer,
    ring.length === 1
      ? `output "${first.name}" reads itself, so it could never be computed`
      : `outputs read each other in a cycle: ${shown.join(' → ')} (each is rendered from the next)`,
    ring.length === 1
      ? 'write its value from parameters and steps'
      : 'write one of them without reading the other, or compute it in a step and read that step',
  );
}
