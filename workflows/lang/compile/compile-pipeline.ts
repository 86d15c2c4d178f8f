// YAML text → diagnostics and, when there are no errors, the IR. Pure and deterministic:
// files are read by the caller (client/load-pipeline.ts).
import { isSeq, type Node } from 'yaml';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../diagnostics.js';
import { IR_VERSION, type PipelineIR } from '../ir.js';
import { sha256Hex } from '../sha256.js';
import { BUILT_IN_TOOLS, type ToolDefinition } from '../tools/index.js';
import { compileParameters } from './compile-parameters.js';
import { compileStep, type CompiledStep } from './compile-step.js';
import { findTemplates } from './compile-templates.js';
import { IDENTIFIER, PIPELINE_KEYS } from './key-tables.js';
import { readMapping, type Entry } from './mapping.js';
import { reportCycles, resolveStepDependencies, stepsReadBy, type NameScope } from './resolve-references.js';
import { SourceFile } from './source.js';
import { describeNode, plainValue, readDuration, readString } from './values.js';

export interface CompileOptions {
  /** Path shown in diagnostics; also the default pipeline id (its stem). */
  file: string;
  tools?: Readonly<Record<string, ToolDefinition>>;
}

export interface CompileResult {
  ir?: PipelineIR;
  diagnostics: Diagnostic[];
}

export function compilePipeline(text: string, options: CompileOptions): CompileResult {
  const source = new SourceFile(options.file, text);
  const ir = source.diagnostics.length === 0 ? lower(source, options) : undefined;
  const diagnostics = [...source.diagnostics].sort(compareDiagnostics);
  return hasErrors(diagnostics) || !ir ? { diagnostics } : { ir, diagnostics };
}

function lower(source: SourceFile, options: CompileOptions): PipelineIR | undefined {
  const root = source.document.contents;
  if (root === null) {
    source.reportAt('error', 'E_MISSING_KEY', 0, 1, 'the file is empty', '', 'a pipeline needs at least "id" and "steps"');
    return undefined;
  }
  const entries = readMapping(source, root, '', PIPELINE_KEYS);
  if (!entries) return undefined;
  const id = compileId(source, entries.get('id'), options.file);
  const parameters = compileParameters(source, entries.get('parameters'));
  const steps = compileSteps(source, entries.get('steps'), root, options.tools ?? BUILT_IN_TOOLS);
  const scope: NameScope = { parameters: new Set(Object.keys(parameters)), steps: new Set(steps.map((step) => step.ir.id)) };
  for (const step of steps) resolveStepDependencies(source, scope, step);
  reportCycles(source, steps);
  const outputs = compileOutputs(source, scope, entries.get('outputs'));
  const ir: PipelineIR = { ir_version: IR_VERSION, id, name: id, hash: '', source_file: options.file, parameters, steps: steps.map((step) => step.ir), outputs };
  for (const key of ['name', 'version', 'description'] as const) {
    const entry = entries.get(key);
    const value = entry && readString(source, entry, key);
    if (value !== undefined) ir[key] = value;
  }
  const timeout = entries.get('timeout');
  if (timeout) ir.timeout_ms = readDuration(source, timeout, 'timeout');
  // Where the file lies is not part of what it means: moving it keeps the hash.
  ir.hash = `sha256:${sha256Hex(JSON.stringify({ ...ir, source_file: '' }))}`;
  return ir;
}

function compileId(source: SourceFile, entry: Entry | undefined, file: string): string {
  if (!entry) return fileStem(file);
  const id = readString(source, entry, 'id');
  if (id !== undefined && !IDENTIFIER.test(id)) {
    source.report('error', 'E_INVALID_ID', entry.value, entry.pointer, `pipeline id "${id}" is not an identifier`, 'use letters, digits, "_" and "-", starting with a letter or "_"');
  }
  return id ?? fileStem(file);
}

function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.(ya?ml)$/i, '');
  return IDENTIFIER.test(stem) ? stem : stem.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
}

function compileSteps(source: SourceFile, entry: Entry | undefined, root: Node, tools: Readonly<Record<string, ToolDefinition>>): CompiledStep[] {
  if (!entry) {
    source.report('error', 'E_MISSING_KEY', root, '', 'the pipeline has no "steps"', 'add "steps:" with at least one step');
    return [];
  }
  if (!isSeq(entry.value) || entry.value.items.length === 0) {
    source.report('error', 'E_TYPE', entry.value ?? entry.keyNode, entry.pointer, `steps must be a non-empty list, not ${describeNode(entry.value)}`, 'start each step with "- id: ..."');
    return [];
  }
  const compiled: CompiledStep[] = [];
  const seen = new Map<string, CompiledStep>();
  (entry.value.items as Node[]).forEach((node, index) => {
    const step = compileStep(source, node, `/steps/${index}`, tools);
    if (!step) return;
    const earlier = seen.get(step.ir.id);
    if (earlier) {
      source.report('error', 'E_DUPLICATE_STEP', step.idNode ?? node, step.pointer, `step id "${step.ir.id}" is used twice (first at line ${earlier.ir.location.line})`, 'step ids must be unique in the whole file');
      return;
    }
    seen.set(step.ir.id, step);
    compiled.push(step);
  });
  return compiled;
}

function compileOutputs(source: SourceFile, scope: NameScope, entry: Entry | undefined): Record<string, unknown> {
  if (!entry || entry.value === null) return {};
  const value = plainValue(entry.value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    source.report('error', 'E_NOT_A_MAPPING', entry.value, entry.pointer, `outputs must be a mapping of names to templates, not ${describeNode(entry.value)}`);
    return {};
  }
  for (const template of findTemplates(source, entry.value, entry.pointer)) {
    for (const reference of template.references) stepsReadBy(source, scope, reference, template.node, template.text, template.pointer, 'output');
  }
  return value as Record<string, unknown>;
}
