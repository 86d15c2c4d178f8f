// A custom tool comes from a module nobody type-checked for us (plain JavaScript, a stale build):
// its definition is checked as data before the compiler or the worker trusts it.
import type { ToolDefinition } from '../../../workflows/lang/tools/index.js';
import type { CustomTool } from './define-custom-tool.js';

const TOOL_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAMETER_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'any']);

/** The module's tool: its default export, or a named export `tool`. */
export function customToolExport(module: Record<string, unknown>): unknown {
  return module.default ?? module.tool;
}

/** Every problem with `value` as a custom tool; empty when it is one. */
export function customToolProblems(value: unknown): string[] {
  if (!isRecord(value))
    return ['the module exports no tool: export default defineCustomTool({ definition, implementation })'];
  const problems: string[] = [];
  if (!isRecord(value.definition)) problems.push('"definition" is missing or not an object');
  if (!isRecord(value.implementation)) problems.push('"implementation" is missing or not an object');
  if (problems.length) return problems;
  const definition = value.definition as Record<string, unknown>;
  problems.push(...definitionProblems(definition));
  if (isRecord(definition.actions)) {
    for (const action of Object.keys(definition.actions)) {
      if (typeof (value.implementation as Record<string, unknown>)[action] !== 'function')
        problems.push(`the implementation has no function for action "${action}"`);
    }
  }
  return problems;
}

function definitionProblems(definition: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof definition.name !== 'string' || !TOOL_NAME.test(definition.name))
    problems.push(
      `the name must be lower-case letters, digits, "-" and "_" starting with a letter, not ${JSON.stringify(definition.name)}`,
    );
  if (typeof definition.description !== 'string' || definition.description === '')
    problems.push('the definition needs a "description"');
  if (!isRecord(definition.actions) || Object.keys(definition.actions).length === 0)
    return [...problems, 'the definition needs at least one action under "actions"'];
  for (const [name, action] of Object.entries(definition.actions)) problems.push(...actionProblems(name, action));
  return problems;
}

function actionProblems(name: string, action: unknown): string[] {
  if (!IDENTIFIER.test(name)) return [`action name "${name}" must be letters, digits and "_"`];
  if (!isRecord(action)) return [`action "${name}" must be an object`];
  const problems: string[] = [];
  if (typeof action.description !== 'string') problems.push(`action "${name}" needs a "description"`);
  if (typeof action.result !== 'string')
    problems.push(`action "${name}" needs "result", a description of its result's shape`);
  if (action.aliases !== undefined && !isStringArray(action.aliases))
    problems.push(`action "${name}": "aliases" must be a list of names`);
  if (action.returns !== undefined && !isStringArray(action.returns))
    problems.push(`action "${name}": "returns" must be a list of the result's field names`);
  if (!isRecord(action.parameters))
    return [...problems, `action "${name}" needs "parameters" (an object; {} for none)`];
  for (const [parameter, spec] of Object.entries(action.parameters)) {
    const where = `action "${name}" parameter "${parameter}"`;
    if (!isRecord(spec)) problems.push(`${where} must be an object`);
    else if (typeof spec.type !== 'string' || !PARAMETER_TYPES.has(spec.type))
      problems.push(`${where} has type ${JSON.stringify(spec.type)}; use one of ${[...PARAMETER_TYPES].join(', ')}`);
    else if (typeof spec.description !== 'string') problems.push(`${where} needs a "description"`);
    else if (spec.enum !== undefined && !Array.isArray(spec.enum)) problems.push(`${where}: "enum" must be a list`);
    else if (spec.aliases !== undefined && !isStringArray(spec.aliases))
      problems.push(`${where}: "aliases" must be a list of names`);
  }
  return problems;
}

/** The compiler gets a plain copy: nothing the module keeps a reference to can change it later. */
export function plainDefinition(tool: CustomTool): ToolDefinition {
  return JSON.parse(JSON.stringify(tool.definition)) as ToolDefinition;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
