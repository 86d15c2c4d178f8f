// YAML text → diagnostics and, when there are no errors, the IR. Pure and deterministic: files
// (includes, sub-pipelines) are read through the caller's `resolveFile` (client/load-pipeline.ts).
import { isSeq, type Node } from 'yaml';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../diagnostics.js';
import { IR_VERSION, type PipelineIR } from '../ir.js';
import { sha256Hex } from '../sha256.js';
import { BUILT_IN_TOOLS, type ToolDefinition } from '../tools/index.js';
import { resolveGraph } from './check-graph.js';
import {
  compileModelChoice,
  rateLimitedProviders,
  sharedProviderQueues,
  type ModelCatalogue,
} from './compile-model.js';
import { compileParameters } from './compile-parameters.js';
import { DEFAULT_RETRY } from './compile-retry.js';
import { compileCache } from './compile-cache.js';
import { compileBudget, compileDefaults, compileMcpServers, compileSchedule } from './compile-settings.js';
import { DEFAULT_STEP_TIMEOUT_MS, compileStep } from './compile-step.js';
import type { CompileContext, CompiledStep, ResolveFile } from './context.js';
import { expandIncludes } from './includes.js';
import { CompileBudget } from './limits.js';
import { IDENTIFIER, PIPELINE_KEYS } from './key-tables.js';
import { readMapping, type Entry } from './mapping.js';
import {
  declareOutputs,
  insertOutputSteps,
  outputReference,
  readableOutputsIR,
  readOutput,
  type DeclaredOutputs,
} from './readable-outputs.js';
import { resolveReference, type ListScope, type Resolution } from './resolve-references.js';
import { SourceFile } from './source.js';
import { resolveSubPipeline } from './sub-pipeline-paths.js';
import type { StepDefaults } from './step-kinds/index.js';
import { describeNode, plainValue, readDuration, readString } from './values.js';

export interface CompileOptions {
  /** Path shown in diagnostics; also the default pipeline id (its stem). */
  file: string;
  tools?: Readonly<Record<string, ToolDefinition>>;
  /** Reads includes and sub-pipelines; without it they are reported as unreadable. */
  resolveFile?: ResolveFile;
  /** Files being compiled above this one (sub-pipeline cycle detection). */
  stack?: readonly string[];
  /** Inputs passed to an inline py-orc sub-pipeline; undeclared ones become parameters of any type. */
  impliedParameters?: readonly string[];
  /** What the compile has spent so far; a sub-pipeline's compile shares its parent's. */
  budget?: CompileBudget;
  /** The model registry (client/load-pipeline.ts): models without a price are refused. */
  models?: ModelCatalogue;
}

export interface CompileResult {
  ir?: PipelineIR;
  diagnostics: Diagnostic[];
}

const MAX_SUB_PIPELINE_DEPTH = 8;

export function compilePipeline(text: string, options: CompileOptions): CompileResult {
  const budget = options.budget ?? new CompileBudget();
  const source = new SourceFile(options.file, text, budget);
  const ir = !source.hasErrors() ? lower(source, { ...options, budget }) : undefined;
  const diagnostics = withoutRepeats([...source.diagnostics].sort(compareDiagnostics));
  return hasErrors(diagnostics) || !ir ? { diagnostics } : { ir, diagnostics };
}

/** Content repeated through YAML aliases repeats its diagnostics at the same place: said once. */
function withoutRepeats(sorted: Diagnostic[]): Diagnostic[] {
  const same = (left: Diagnostic, right: Diagnostic) =>
    compareDiagnostics(left, right) === 0 &&
    left.severity === right.severity &&
    left.hint === right.hint &&
    left.range.endLine === right.range.endLine &&
    left.range.endColumn === right.range.endColumn;
  return sorted.filter((diagnostic, index) => index === 0 || !same(sorted[index - 1]!, diagnostic));
}

function lower(source: SourceFile, options: CompileOptions): PipelineIR | undefined {
  const root = source.document.contents;
  if (root === null) {
    source.reportAt(
      'error',
      'E_MISSING_KEY',
      0,
      1,
      'the file is empty',
      '',
      'a pipeline needs at least "id" and "steps"',
    );
    return undefined;
  }
  expandIncludes(source, options.resolveFile);
  const context: CompileContext = {
    source,
    tools: options.tools ?? BUILT_IN_TOOLS,
    resolveFile: options.resolveFile,
    compileChild: childCompiler(options),
    ids: new Map(),
    failedIds: new Set(),
    impliedParameters: options.impliedParameters,
    models: options.models,
    compileStep: (node, pointer, defaults, fallbackId) => compileStep(context, node, pointer, defaults, fallbackId),
  };
  const entries = readMapping(source, root, '', PIPELINE_KEYS);
  if (!entries) return undefined;
  const id = compileId(source, entries.get('id'), options.file);
  const parameters = compileParameters(source, entries.get('parameters'));
  for (const name of options.impliedParameters ?? []) parameters[name] ??= { type: 'any', required: true };
  const ir: PipelineIR = {
    ir_version: IR_VERSION,
    id,
    name: id,
    hash: '',
    source_file: options.file,
    parameters,
    steps: [],
    outputs: {},
  };
  compileSettings(context, entries, ir);
  context.mcpServers = Object.keys(ir.mcp_servers ?? {});
  const cacheEntry = entries.get('cache');
  const cache = cacheEntry ? compileCache(context, cacheEntry) : undefined;
  const steps = compileSteps(context, entries.get('steps'), root, { ...stepDefaults(ir), ...(cache ? { cache } : {}) });
  if (context.connectedMcpServers && Object.keys(context.connectedMcpServers).length)
    ir.mcp_servers = { ...context.connectedMcpServers, ...ir.mcp_servers };
  // Past a bound the file is refused; checking references of what was compiled would only cost time.
  if (source.exceededBudget) return undefined;
  const declared = declareOutputs(context, entries.get('outputs'));
  const readable = insertOutputSteps(declared, steps, stepDefaults(ir), source);
  const allSteps = [...readable.inserted, ...steps];
  const graph = resolveGraph(source, new Set(Object.keys(parameters)), allSteps, context.failedIds, declared);
  ir.steps = allSteps.map((step) => step.ir);
  ir.outputs = compileOutputs(
    source,
    new Set(Object.keys(parameters)),
    graph,
    context.failedIds,
    entries.get('outputs'),
    declared,
  );
  if (readable.order.length > 0) {
    ir.readable_outputs = readableOutputsIR(declared, readable.order);
    for (const inserted of readable.inserted) {
      const name = inserted.ir.id.slice('outputs.'.length);
      ir.outputs[name] = outputReference(name);
    }
  }
  const limited = rateLimitedProviders(options.models);
  if (limited.length > 0) ir.rate_limited_providers = limited;
  // Present only when entries share a queue, so the IR (and hash) of every other run is as before.
  const shared = sharedProviderQueues(options.models);
  if (Object.keys(shared).length > 0) ir.provider_queues = shared;
  // Where the file lies is not part of what it means: moving it keeps the hash.
  ir.hash = `sha256:${sha256Hex(JSON.stringify({ ...ir, source_file: '' }))}`;
  return ir;
}

function compileSettings(context: CompileContext, entries: Map<string, Entry>, ir: PipelineIR): void {
  const { source } = context;
  for (const key of ['name', 'version', 'description'] as const) {
    const entry = entries.get(key);
    const value = entry && readString(source, entry, key);
    if (value !== undefined) ir[key] = value;
  }
  const timeout = entries.get('timeout');
  if (timeout) ir.timeout_ms = readDuration(source, timeout, 'timeout');
  const model = entries.get('model');
  if (model) ir.model = compileModelChoice(context, model);
  const defaults = entries.get('defaults');
  if (defaults) ir.defaults = compileDefaults(context, defaults);
  const budget = entries.get('budget');
  if (budget) ir.budget = compileBudget(context, budget);
  const schedule = entries.get('schedule');
  if (schedule) ir.schedule = compileSchedule(context, schedule);
  const servers = entries.get('mcp_servers');
  if (servers) ir.mcp_servers = compileMcpServers(context, servers);
}

function stepDefaults(ir: PipelineIR): StepDefaults {
  return {
    timeout_ms: ir.defaults?.timeout_ms ?? DEFAULT_STEP_TIMEOUT_MS,
    retry: ir.defaults?.retry ?? DEFAULT_RETRY,
    model: ir.defaults?.model ?? ir.model,
    task_queue: ir.defaults?.task_queue,
    max_parallel: ir.defaults?.max_parallel ?? 10,
  };
}

function childCompiler(options: CompileOptions): CompileContext['compileChild'] {
  const resolveFile = options.resolveFile;
  if (!resolveFile) return undefined;
  return (fromFile, path, implied) => {
    const stack = [...(options.stack ?? []), options.file];
    if (/\n/.test(path) && /(^|\n)\s*steps\s*:/.test(path))
      return compiled(
        compilePipeline(path, { ...options, file: `${fromFile}#inline`, stack, impliedParameters: implied }),
        `${fromFile}#inline`,
      );
    const resolved = resolveSubPipeline(resolveFile, fromFile, options.stack?.[0] ?? options.file, path);
    if ('error' in resolved) return { ...resolved, error: `cannot read sub-pipeline "${path}": ${resolved.error}` };
    if (stack.includes(resolved.file))
      return { error: `sub-pipelines include each other in a cycle: ${[...stack, resolved.file].join(' → ')}` };
    if (stack.length >= MAX_SUB_PIPELINE_DEPTH)
      return { error: `sub-pipelines nest deeper than ${MAX_SUB_PIPELINE_DEPTH} levels` };
    return compiled(
      compilePipeline(resolved.text, { ...options, file: resolved.file, stack, impliedParameters: undefined }),
      resolved.file,
    );
  };
}

function compiled(result: CompileResult, file: string): { ir: PipelineIR } | { error: string } {
  if (result.ir) return { ir: result.ir };
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const first = errors[0];
  return {
    error: `sub-pipeline ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}${first ? `, first: ${first.range.line}:${first.range.column} ${first.message}` : ''} (orc validate ${file})`,
  };
}

function compileId(source: SourceFile, entry: Entry | undefined, file: string): string {
  if (!entry) return fileStem(file);
  const id = readString(source, entry, 'id');
  if (id !== undefined && !IDENTIFIER.test(id)) {
    source.report(
      'error',
      'E_INVALID_ID',
      entry.value,
      entry.pointer,
      `pipeline id "${id}" is not an identifier`,
      'use letters, digits, "_" and "-", starting with a letter or "_"',
    );
  }
  return id ?? fileStem(file);
}

function fileStem(file: string): string {
  const base =
    file
      .split(/[\\/#]/)
      .filter(Boolean)
      .pop() ?? file;
  const stem = base.replace(/\.(ya?ml)$/i, '');
  return IDENTIFIER.test(stem) ? stem : stem.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
}

function compileSteps(
  context: CompileContext,
  entry: Entry | undefined,
  root: Node,
  defaults: StepDefaults,
): CompiledStep[] {
  const { source } = context;
  if (!entry) {
    source.report(
      'error',
      'E_MISSING_KEY',
      root,
      '',
      'the pipeline has no "steps"',
      'add "steps:" with at least one step',
    );
    return [];
  }
  if (!isSeq(entry.value) || entry.value.items.length === 0) {
    source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `steps must be a non-empty list, not ${describeNode(entry.value)}`,
      'start each step with "- id: ..."',
    );
    return [];
  }
  return (entry.value.items as Node[])
    .map((node, index) => compileStep(context, node, `/steps/${index}`, defaults))
    .filter((step): step is CompiledStep => step !== undefined);
}

function compileOutputs(
  source: SourceFile,
  parameters: ReadonlySet<string>,
  graph: { homes: Map<string, ListScope>; top: ListScope },
  failedIds: ReadonlySet<string>,
  entry: Entry | undefined,
  declared: DeclaredOutputs,
): Record<string, unknown> {
  if (!entry || entry.value === null) return {};
  const value = plainValue(entry.value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    source.report(
      'error',
      'E_NOT_A_MAPPING',
      entry.value,
      entry.pointer,
      `outputs must be a mapping of names to templates, not ${describeNode(entry.value)}`,
    );
    return {};
  }
  const resolution: Resolution = {
    source,
    parameters,
    homes: graph.homes,
    failedIds,
    dependencies: new Map(),
    outputs: declared,
    readOutput,
  };
  const outputs = value as Record<string, unknown>;
  // py-orc's long form `name: {type, value, description}`: the value is the template.
  for (const [name, output] of Object.entries(outputs)) {
    if (output && typeof output === 'object' && !Array.isArray(output) && 'value' in output)
      outputs[name] = (output as { value: unknown }).value;
  }
  for (const output of declared.values())
    for (const { template, reference } of output.reads)
      resolveReference(
        resolution,
        graph.top,
        { label: `output "${output.name}"`, output: output.name },
        template,
        reference,
      );
  return outputs;
}
