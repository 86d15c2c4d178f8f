// `tool: NAME`, `action: OPERATION`, `parameters: {...}` checked against the tool's declared schema.
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { AutoTagIR, ToolStepIR } from '../../ir.js';
import { closestMatch } from '../../diagnostics.js';
import { hasTemplate } from '../../expr/index.js';
import type { ToolActionSpec, ToolDefinition, ToolParameterSpec } from '../../tools/index.js';
import { NOT_OFFERED_TOOLS } from '../../tools/index.js';
import type { CompileContext, CompiledStep } from '../context.js';
import type { Entry } from '../mapping.js';
import { pointerJoin } from '../source.js';
import { describeNode, plainValue, readString } from '../values.js';
import { checkMcpServer, checkPyOrcMcpServer } from './mcp-server-check.js';
import { rejectKeys } from './reject-keys.js';
import { scanValues } from '../scan-values.js';

/** A plain-object lookup that never finds Object.prototype's names (`constructor`, `__proto__`). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

type ToolFields = Omit<ToolStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

export function compileToolStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): ToolFields | undefined {
  const { source } = context;
  rejectKeys(context, id, 'a tool step', entries, ['tool', 'action', 'parameters', 'execution', 'location']);
  const toolEntry = entries.get('tool')!;
  const toolName = readString(source, toolEntry, 'tool');
  if (toolName === undefined) return undefined;
  const definition = ownEntry(context.tools, toolName);
  if (!definition) return reportUnknownTool(context, id, toolName, toolEntry);
  const actionEntry = entries.get('action');
  if (!actionEntry) {
    source.report(
      'error',
      'E_MISSING_KEY',
      toolEntry.keyNode,
      toolEntry.pointer,
      `step "${id}" uses tool "${toolName}" but names no action`,
      `add "action:" — one of ${Object.keys(definition.actions).join(', ')}`,
    );
    return undefined;
  }
  const action = readString(source, actionEntry, 'action');
  if (action === undefined) return undefined;
  const found = pyOrcAction(context, id, toolName, definition, entries) ?? findAction(definition, action);
  if (!found) {
    const suggestion = closestMatch(action, Object.keys(definition.actions));
    source.report(
      'error',
      'E_UNKNOWN_ACTION',
      actionEntry.value,
      actionEntry.pointer,
      `tool "${toolName}" has no action "${action}"`,
      suggestion ? `did you mean "${suggestion}"?` : `its actions: ${Object.keys(definition.actions).join(', ')}`,
    );
    return undefined;
  }
  const autoTags: AutoTagIR[] = [];
  const parameters = compileToolParameters(
    context,
    id,
    `${toolName}.${found.name}`,
    found.spec,
    entries.get('parameters'),
    toolEntry,
    toolName === 'filesystem' && found.fromParameters ? ['action'] : [],
    misspeltParameters(step.node),
  );
  const parametersEntry = entries.get('parameters');
  if (toolName === 'mcp') checkMcpServer(context, id, parametersEntry);
  if (toolName === 'mcp-server') checkPyOrcMcpServer(context, id, found.name, parametersEntry, toolEntry);
  if (parametersEntry) scanValues(step, parametersEntry.value, parametersEntry.pointer, '/parameters', autoTags, true);
  // A parameter filled by an <AUTO> answer is readable as `step.name` too (run-state.ts).
  if (found.spec.returns)
    step.resultFields = [...found.spec.returns, ...(autoTags.length ? Object.keys(parameters) : [])];
  const parameterTypes = Object.fromEntries(
    Object.keys(parameters).flatMap((name) => {
      const type = findParameter(found.spec, name)?.type;
      return type && type !== 'string' && type !== 'any' ? [[name, type]] : [];
    }),
  );
  return {
    kind: 'tool',
    tool: toolName,
    action: found.name,
    parameters,
    ...(Object.keys(parameterTypes).length ? { parameter_types: parameterTypes } : {}),
    ...(autoTags.length ? { auto_tags: autoTags } : {}),
  };
}

function reportUnknownTool(context: CompileContext, id: string, toolName: string, toolEntry: Entry): undefined {
  const reason = ownEntry(NOT_OFFERED_TOOLS, toolName);
  if (reason !== undefined) {
    context.source.report(
      'error',
      'E_UNSUPPORTED',
      toolEntry.value,
      toolEntry.pointer,
      `step "${id}" uses tool "${toolName}", which orc deliberately does not offer: ${reason}`,
      'see docs/compatibility.md',
    );
    return undefined;
  }
  const suggestion = closestMatch(toolName, Object.keys(context.tools));
  context.source.report(
    'error',
    'E_UNKNOWN_TOOL',
    toolEntry.value,
    toolEntry.pointer,
    `step "${id}" uses unknown tool "${toolName}"`,
    suggestion ? `did you mean "${suggestion}"?` : `available tools: ${Object.keys(context.tools).join(', ')}`,
  );
  return undefined;
}

interface FoundAction {
  name: string;
  spec: ToolActionSpec;
  /** True when py-orc's `parameters.action` named it (filesystem). */
  fromParameters?: boolean;
}

/**
 * py-orc's ways of naming a tool's action besides `action:` (confirmed in its source): the
 * filesystem tool reads `parameters.action`, which wins over the step's `action` (often a
 * sentence describing the step); python-executor has one action and ignores the step's
 * `action` text, said here with a warning.
 */
function pyOrcAction(
  context: CompileContext,
  id: string,
  toolName: string,
  definition: ToolDefinition,
  entries: Map<string, Entry>,
): FoundAction | undefined {
  const actionEntry = entries.get('action')!;
  const written = plainValue(actionEntry.value);
  if (toolName === 'filesystem') {
    const parameters = entries.get('parameters')?.value;
    const inner = isMap(parameters)
      ? plainValue((parameters.get('action', true) as Node | undefined) ?? null)
      : undefined;
    const found = typeof inner === 'string' ? findAction(definition, inner) : undefined;
    return found ? { ...found, fromParameters: true } : undefined;
  }
  if (toolName !== 'python-executor' || typeof written !== 'string' || findAction(definition, written))
    return undefined;
  context.source.report(
    'warning',
    'W_INERT_KEY',
    actionEntry.value,
    actionEntry.pointer,
    `step "${id}": python-executor runs its code whatever the action says, so "${written}" is read as a description (py-orc ignores it too)`,
    'write action: execute',
  );
  return findAction(definition, 'execute');
}

function findAction(definition: ToolDefinition, action: string): FoundAction | undefined {
  const direct = ownEntry(definition.actions, action);
  if (direct) return { name: action, spec: direct };
  for (const [name, spec] of Object.entries(definition.actions)) {
    if ((spec as { aliases?: readonly string[] }).aliases?.includes(action)) return { name, spec };
  }
  return undefined;
}

function findParameter(spec: ToolActionSpec, name: string): ToolParameterSpec | undefined {
  return (
    ownEntry(spec.parameters, name) ??
    Object.values(spec.parameters).find((parameter) =>
      (parameter as { aliases?: readonly string[] }).aliases?.includes(name),
    )
  );
}

function compileToolParameters(
  context: CompileContext,
  id: string,
  qualified: string,
  spec: ToolActionSpec,
  entry: Entry | undefined,
  toolEntry: Entry,
  /** Keys py-orc reads that are not the tool's parameters (filesystem's `action`): left out. */
  skipped: readonly string[] = [],
  /** `paramters:` was written (and reported): the parameters it holds are not missing. */
  parametersMisspelt = false,
): Record<string, unknown> {
  const { source } = context;
  const parameters: Record<string, unknown> = {};
  if (entry && entry.value !== null && !isMap(entry.value)) {
    source.report(
      'error',
      'E_NOT_A_MAPPING',
      entry.value,
      entry.pointer,
      `parameters must be a mapping, not ${describeNode(entry.value)}`,
    );
    return parameters;
  }
  const pairs = entry && isMap(entry.value) ? (entry.value.items as Pair<Node, Node | null>[]) : [];
  for (const pair of pairs) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (skipped.includes(name)) continue;
    const pointer = pointerJoin(entry!.pointer, name);
    if (name in parameters)
      source.report(
        'warning',
        'W_DUPLICATE_KEY',
        pair.key,
        pointer,
        `parameter "${name}" appears more than once in step "${id}"; the last one wins`,
        'remove the earlier one',
      );
    const declared = findParameter(spec, name);
    const inert = declared ? undefined : ownEntry(spec.inert ?? {}, name);
    if (inert !== undefined) {
      source.report(
        'warning',
        'W_INERT_KEY',
        pair.key,
        pointer,
        `${qualified} parameter "${name}" has no effect: ${inert}`,
        `remove "${name}"`,
      );
      continue;
    }
    if (!declared) {
      const suggestion = closestMatch(name, Object.keys(spec.parameters));
      // py-orc's tool validator only warns about a parameter its tool does not know, and the
      // tool ignores it; one close to a real parameter is most likely a typo, so an error.
      if (!suggestion) {
        source.report(
          'warning',
          'W_INERT_KEY',
          pair.key,
          pointer,
          `${qualified} has no parameter "${name}", so it has no effect (py-orc ignores it too)`,
          `its parameters: ${Object.keys(spec.parameters).join(', ') || 'none'}; remove "${name}"`,
        );
        continue;
      }
      source.report(
        'error',
        'E_TOOL_PARAMETER',
        pair.key,
        pointer,
        `${qualified} has no parameter "${name}"`,
        `did you mean "${suggestion}"?`,
      );
      continue;
    }
    const value = plainValue(pair.value);
    const problem = literalTypeProblem(value, declared);
    if (problem)
      source.report(
        'error',
        'E_TOOL_PARAMETER',
        pair.value ?? pair.key,
        pointer,
        `${qualified} parameter "${name}" ${problem}`,
      );
    parameters[name] = value;
  }
  for (const [name, declared] of Object.entries(spec.parameters)) {
    const aliases = (declared as { aliases?: readonly string[] }).aliases ?? [];
    if (
      declared.required &&
      !parametersMisspelt &&
      !(name in parameters) &&
      !aliases.some((alias) => alias in parameters)
    ) {
      source.report(
        'error',
        'E_TOOL_PARAMETER',
        entry?.keyNode ?? toolEntry.keyNode,
        entry?.pointer ?? toolEntry.pointer,
        `step "${id}": ${qualified} needs parameter "${name}" (${declared.description})`,
      );
    }
  }
  return parameters;
}

/** Literal values are checked now; templated ones when the step runs. */
function literalTypeProblem(value: unknown, declared: ToolParameterSpec): string | undefined {
  const type = declared.type;
  if (type === 'any' || (typeof value === 'string' && (hasTemplate(value) || value.includes('<AUTO'))))
    return undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const fits =
    type === 'integer' ? Number.isInteger(value) : type === 'number' ? typeof value === 'number' : actual === type;
  if (!fits) return `must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}, not ${JSON.stringify(value)}`;
  const allowed = (declared as { enum?: readonly unknown[] }).enum;
  if (allowed && !allowed.some((option) => JSON.stringify(option) === JSON.stringify(value)))
    return `must be one of ${allowed.map((option) => JSON.stringify(option)).join(', ')}, not ${JSON.stringify(value)}`;
  return undefined;
}

/** A step key that is a misspelling of `parameters` (already an E_UNKNOWN_KEY with "did you mean"). */
function misspeltParameters(node: Node): boolean {
  if (!isMap(node)) return false;
  return node.items.some((pair: Pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    return key !== undefined && key !== 'parameters' && closestMatch(key, ['parameters']) === 'parameters';
  });
}
