// One step → its IR. References and dependencies are resolved later, once all ids are known.
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { StepIR } from '../ir.js';
import { closestMatch } from '../diagnostics.js';
import { BUILT_IN_TOOLS, type ToolActionSpec, type ToolDefinition } from '../tools/index.js';
import { readMapping, type Entry } from './mapping.js';
import { IDENTIFIER, NOT_YET_SUPPORTED_STEP_KEYS, STEP_KEYS } from './key-tables.js';
import { compileRetry } from './compile-retry.js';
import { describeNode, plainValue, readDuration, readIdList, readString } from './values.js';
import { hasTemplate } from '../expr/index.js';
import { pointerJoin, type SourceFile } from './source.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

/** A compiled step with the nodes that later checks point at. */
export interface CompiledStep {
  ir: StepIR;
  node: Node;
  pointer: string;
  idNode: Node | null;
  explicitDependencies: { id: string; node: Node }[];
}

export function compileStep(source: SourceFile, node: Node, pointer: string, tools: Readonly<Record<string, ToolDefinition>> = BUILT_IN_TOOLS): CompiledStep | undefined {
  const entries = readMapping(source, node, pointer, STEP_KEYS);
  if (!entries) return undefined;
  const idEntry = entries.get('id');
  if (!idEntry) {
    source.report('error', 'E_MISSING_KEY', node, pointer, 'step has no "id"', 'give every step a unique id, e.g. "id: fetch_data"');
    return undefined;
  }
  const id = readString(source, idEntry, 'step id');
  if (id === undefined) return undefined;
  if (!IDENTIFIER.test(id)) {
    source.report('error', 'E_INVALID_ID', idEntry.value, idEntry.pointer, `step id "${id}" is not an identifier`, 'use letters, digits, "_" and "-", starting with a letter or "_"');
  }
  for (const key of NOT_YET_SUPPORTED_STEP_KEYS) {
    const entry = entries.get(key);
    if (entry) source.report('error', 'E_UNSUPPORTED', entry.keyNode, entry.pointer, `step "${id}": "${key}" is part of the language but this version of orc cannot run it yet`, 'see docs/pipeline-language.md for what runs today');
  }
  const tool = compileToolCall(source, id, node, entries, tools);
  const timeout = entries.get('timeout');
  const onFailure = entries.get('on_failure');
  const dependencies = entries.get('depends_on');
  const ir: StepIR = {
    kind: 'tool',
    id,
    depends_on: [],
    timeout_ms: timeout ? (readDuration(source, timeout, 'timeout') ?? DEFAULT_STEP_TIMEOUT_MS) : DEFAULT_STEP_TIMEOUT_MS,
    retry: compileRetry(source, entries.get('retry'), entries.get('max_retries')),
    on_failure: onFailure ? compileOnFailure(source, id, onFailure) : 'fail',
    location: { line: source.rangeOf(node).line, column: source.rangeOf(node).column },
    tool: tool?.tool ?? '',
    action: tool?.action ?? '',
    parameters: tool?.parameters ?? {},
  };
  for (const key of ['name', 'description', 'task_queue', 'summary'] as const) {
    const entry = entries.get(key);
    const value = entry && readString(source, entry, key);
    if (value !== undefined) ir[key] = value;
  }
  const explicitDependencies = dependencies ? readIdList(source, dependencies, 'depends_on') : [];
  return { ir, node, pointer, idNode: idEntry.value, explicitDependencies };
}

function compileOnFailure(source: SourceFile, id: string, entry: Entry): 'fail' | 'continue' {
  const value = plainValue(entry.value);
  if (value === 'fail' || value === 'continue') return value;
  if (typeof value === 'string' && IDENTIFIER.test(value)) {
    source.report('error', 'E_UNSUPPORTED', entry.value, entry.pointer, `step "${id}": jumping to step "${value}" on failure is not supported by this version of orc yet`, 'use on_failure: fail or continue');
  } else {
    source.report('error', 'E_TYPE', entry.value, entry.pointer, `on_failure must be "fail", "continue" or a step id, not ${describeNode(entry.value)}`);
  }
  return 'fail';
}

interface ToolCall {
  tool: string;
  action: string;
  parameters: Record<string, unknown>;
}

function compileToolCall(source: SourceFile, id: string, node: Node, entries: Map<string, Entry>, tools: Readonly<Record<string, ToolDefinition>>): ToolCall | undefined {
  const toolEntry = entries.get('tool');
  const actionEntry = entries.get('action');
  if (!toolEntry) {
    const message = actionEntry ? `step "${id}" has an action but no tool; model steps are not supported by this version of orc yet` : `step "${id}" does not say what it does`;
    source.report('error', actionEntry ? 'E_UNSUPPORTED' : 'E_STEP_KIND', actionEntry?.keyNode ?? node, actionEntry?.pointer ?? '', message, 'a tool step has "tool:", "action:" and "parameters:"');
    return undefined;
  }
  const toolName = readString(source, toolEntry, 'tool');
  if (toolName === undefined) return undefined;
  const definition = tools[toolName];
  if (!definition) {
    const suggestion = closestMatch(toolName, Object.keys(tools));
    source.report('error', 'E_UNKNOWN_TOOL', toolEntry.value, toolEntry.pointer, `step "${id}" uses unknown tool "${toolName}"`, suggestion ? `did you mean "${suggestion}"?` : `available tools: ${Object.keys(tools).join(', ')}`);
    return undefined;
  }
  if (!actionEntry) {
    source.report('error', 'E_MISSING_KEY', toolEntry.keyNode, toolEntry.pointer, `step "${id}" uses tool "${toolName}" but names no action`, `add "action:" — one of ${Object.keys(definition.actions).join(', ')}`);
    return undefined;
  }
  const action = readString(source, actionEntry, 'action');
  if (action === undefined) return undefined;
  const spec = definition.actions[action];
  if (!spec) {
    const suggestion = closestMatch(action, Object.keys(definition.actions));
    source.report('error', 'E_UNKNOWN_ACTION', actionEntry.value, actionEntry.pointer, `tool "${toolName}" has no action "${action}"`, suggestion ? `did you mean "${suggestion}"?` : `its actions: ${Object.keys(definition.actions).join(', ')}`);
    return undefined;
  }
  const parameters = compileToolParameters(source, id, toolName, action, spec, entries.get('parameters'), toolEntry);
  return { tool: toolName, action, parameters };
}

function compileToolParameters(source: SourceFile, id: string, tool: string, action: string, spec: ToolActionSpec, entry: Entry | undefined, toolEntry: Entry): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (entry && entry.value !== null && !isMap(entry.value)) {
    source.report('error', 'E_NOT_A_MAPPING', entry.value, entry.pointer, `parameters must be a mapping, not ${describeNode(entry.value)}`);
    return parameters;
  }
  const pairs = entry && isMap(entry.value) ? (entry.value.items as Pair<Node, Node | null>[]) : [];
  for (const pair of pairs) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const declared = spec.parameters[name];
    const pointer = pointerJoin(entry!.pointer, name);
    if (name in parameters) {
      source.report('warning', 'W_DUPLICATE_KEY', pair.key, pointer, `parameter "${name}" appears more than once in step "${id}"; the last one wins`, 'remove the earlier one');
    }
    if (!declared) {
      const suggestion = closestMatch(name, Object.keys(spec.parameters));
      source.report('error', 'E_TOOL_PARAMETER', pair.key, pointer, `${tool}.${action} has no parameter "${name}"`, suggestion ? `did you mean "${suggestion}"?` : `its parameters: ${Object.keys(spec.parameters).join(', ')}`);
      continue;
    }
    const value = plainValue(pair.value);
    const problem = literalTypeProblem(value, declared.type);
    if (problem) source.report('error', 'E_TOOL_PARAMETER', pair.value ?? pair.key, pointer, `${tool}.${action} parameter "${name}" ${problem}`);
    parameters[name] = value;
  }
  for (const [name, declared] of Object.entries(spec.parameters)) {
    if (declared.required && !(name in parameters)) {
      source.report('error', 'E_TOOL_PARAMETER', entry?.keyNode ?? toolEntry.keyNode, entry?.pointer ?? toolEntry.pointer, `step "${id}": ${tool}.${action} needs parameter "${name}" (${declared.description})`);
    }
  }
  return parameters;
}

/** Literal values are checked now; templated ones when the step runs. */
function literalTypeProblem(value: unknown, type: string): string | undefined {
  if (type === 'any' || (typeof value === 'string' && hasTemplate(value))) return undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const fits = type === 'integer' ? Number.isInteger(value) : type === 'object' ? actual === 'object' : actual === type;
  return fits ? undefined : `must be ${type === 'integer' || type === 'object' || type === 'array' ? 'an' : 'a'} ${type}, not ${JSON.stringify(value)}`;
}
