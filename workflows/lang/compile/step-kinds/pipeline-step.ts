// Sub-pipelines: `pipeline: path.yaml` with `inputs:`, and py-orc's `tool: pipeline-executor`
// (a file path or inline YAML). The child is compiled now and embedded in the IR, so a run
// never reads files and is pinned to the child's definition too.
import { isMap } from 'yaml';
import type { AutoTagIR, PipelineIR, SubPipelineStepIR } from '../../ir.js';
import { closestMatch } from '../../diagnostics.js';
import type { CompileContext, CompiledStep } from '../context.js';
import type { Entry } from '../mapping.js';
import { describeNode, plainValue } from '../values.js';
import { rejectKeys } from './reject-keys.js';
import { scanValues } from '../scan-values.js';

type PipelineFields = Omit<SubPipelineStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

const INERT_EXECUTOR_PARAMETERS: Record<string, string> = {
  inherit_context: 'a sub-pipeline sees only its inputs; pass what it needs under inputs',
  wait_for_completion: 'a sub-pipeline step always waits for its child workflow',
  output_mapping: "the child's outputs are this step's result; read result.<output>",
  error_handling: 'write on_failure on the step',
  retry_count: 'a child workflow is not retried as a whole; retries happen per step inside it',
  retry_delay: 'a child workflow is not retried as a whole; retries happen per step inside it',
  timeout: "write timeout on the child pipeline's steps, or the child's own timeout",
};

export function compilePipelineStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): PipelineFields | undefined {
  rejectKeys(context, id, 'a sub-pipeline step', entries, ['pipeline', 'inputs']);
  const entry = entries.get('pipeline')!;
  const inputsEntry = entries.get('inputs');
  const child = loadChild(context, id, entry, plainValue(entry.value));
  const inputs = readInputs(context, inputsEntry);
  if (!child || !inputs) return undefined;
  checkInputs(context, id, child, inputs, inputsEntry ?? entry);
  return finish(step, child, inputs, inputsEntry);
}

export function compilePipelineExecutorTool(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): PipelineFields | undefined {
  rejectKeys(context, id, 'a pipeline-executor step', entries, ['tool', 'action', 'parameters']);
  const parametersEntry = entries.get('parameters');
  const parameters = plainValue(parametersEntry?.value ?? null) as Record<string, unknown> | null;
  if (!parametersEntry || !parameters || typeof parameters !== 'object' || parameters.pipeline === undefined) {
    context.source.report(
      'error',
      'E_MISSING_KEY',
      parametersEntry?.keyNode ?? entries.get('tool')!.keyNode,
      parametersEntry?.pointer ?? step.pointer,
      `step "${id}": pipeline-executor needs parameters.pipeline (a file path or inline YAML)`,
    );
    return undefined;
  }
  const pipelineNode = isMap(parametersEntry.value) ? (parametersEntry.value.get('pipeline', true) as never) : null;
  for (const [key, reason] of Object.entries(INERT_EXECUTOR_PARAMETERS)) {
    if (key in parameters)
      context.source.report(
        'warning',
        'W_INERT_KEY',
        parametersEntry.value,
        `${parametersEntry.pointer}/${key}`,
        `pipeline-executor parameter "${key}" has no effect: ${reason}`,
      );
  }
  const passed = parameters.inputs && typeof parameters.inputs === 'object' ? Object.keys(parameters.inputs) : [];
  const child = loadChild(
    context,
    id,
    {
      key: 'pipeline',
      keyNode: parametersEntry.keyNode,
      value: pipelineNode,
      pointer: `${parametersEntry.pointer}/pipeline`,
    },
    parameters.pipeline,
    passed,
  );
  const inputsNode = isMap(parametersEntry.value) ? (parametersEntry.value.get('inputs', true) as never) : null;
  const inputsEntry: Entry | undefined = inputsNode
    ? {
        key: 'inputs',
        keyNode: parametersEntry.keyNode,
        value: inputsNode,
        pointer: `${parametersEntry.pointer}/inputs`,
      }
    : undefined;
  const inputs = readInputs(context, inputsEntry);
  if (!child || !inputs) return undefined;
  checkInputs(context, id, child, inputs, inputsEntry ?? parametersEntry);
  return finish(step, child, inputs, inputsEntry);
}

function loadChild(
  context: CompileContext,
  id: string,
  entry: Entry,
  value: unknown,
  implied: readonly string[] = [],
): PipelineIR | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    context.source.report(
      'error',
      'E_TYPE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `step "${id}": pipeline must be a file path or inline YAML, not ${describeNode(entry.value)}`,
    );
    return undefined;
  }
  if (!context.compileChild) {
    context.source.report(
      'error',
      'E_SUB_PIPELINE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `step "${id}": sub-pipelines can only be compiled from a file`,
      'run orc on the file, not on text',
    );
    return undefined;
  }
  const result = context.compileChild(context.source.file, value, implied);
  if ('error' in result) {
    context.source.report(
      'error',
      result.code ?? 'E_SUB_PIPELINE',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `step "${id}": ${result.error}`,
      result.hint ?? 'paths are relative to this file',
    );
    return undefined;
  }
  return result.ir;
}

function readInputs(context: CompileContext, entry: Entry | undefined): Record<string, unknown> | undefined {
  if (!entry || entry.value === null) return {};
  const value = plainValue(entry.value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    context.source.report(
      'error',
      'E_NOT_A_MAPPING',
      entry.value,
      entry.pointer,
      `inputs must be a mapping of the sub-pipeline's parameters, not ${describeNode(entry.value)}`,
    );
    return undefined;
  }
  return value as Record<string, unknown>;
}

function checkInputs(
  context: CompileContext,
  id: string,
  child: PipelineIR,
  inputs: Record<string, unknown>,
  entry: Entry,
): void {
  for (const name of Object.keys(inputs)) {
    if (!(name in child.parameters)) {
      const suggestion = closestMatch(name, Object.keys(child.parameters));
      context.source.report(
        'error',
        'E_SUB_PIPELINE',
        entry.value ?? entry.keyNode,
        `${entry.pointer}/${name}`,
        `step "${id}": sub-pipeline "${child.id}" has no parameter "${name}"`,
        suggestion
          ? `did you mean "${suggestion}"?`
          : `its parameters: ${Object.keys(child.parameters).join(', ') || 'none'}`,
      );
    }
  }
  for (const [name, parameter] of Object.entries(child.parameters)) {
    if (parameter.required && !(name in inputs))
      context.source.report(
        'error',
        'E_SUB_PIPELINE',
        entry.value ?? entry.keyNode,
        entry.pointer,
        `step "${id}": sub-pipeline "${child.id}" needs input "${name}"`,
      );
  }
}

function finish(
  step: CompiledStep,
  child: PipelineIR,
  inputs: Record<string, unknown>,
  inputsEntry: Entry | undefined,
): PipelineFields {
  const autoTags: AutoTagIR[] = [];
  if (inputsEntry) scanValues(step, inputsEntry.value, inputsEntry.pointer, '/inputs', autoTags);
  return { kind: 'pipeline', pipeline: child, inputs, ...(autoTags.length ? { auto_tags: autoTags } : {}) };
}
