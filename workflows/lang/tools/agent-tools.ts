// The tools an agent step offers its model (spec §8.5): `tools:` names a tool (every action),
// `tool.action`, or `{tool, action}` / `{tool, actions}`. Each action becomes one function the
// model may call, named `tool__action`, with a JSON Schema built from the tool's definition.
// The compiler resolves literal lists (custom tools included) into the IR; the workflow
// resolves a list that was a template against the built-ins.
import type { AgentToolIR } from '../ir.js';
import { argumentsSchema } from './arguments-schema.js';
import type { ToolDefinition } from './definition.js';
import { findToolAction } from './lookup.js';
import { WORKFLOW_TOOLS } from './workflow-tools.js';

export function resolveAgentTools(
  listed: unknown,
  definitions: Readonly<Record<string, ToolDefinition>>,
): { tools: AgentToolIR[] } | { problem: string } {
  const tools: AgentToolIR[] = [];
  if (listed === undefined || listed === null) return { tools };
  if (!Array.isArray(listed))
    return {
      problem: `tools must be a list of tool names ("filesystem", "filesystem.read" or {tool, action}), not ${JSON.stringify(listed)}`,
    };
  for (const entry of listed) {
    const wanted = wantedActions(entry);
    if ('problem' in wanted) return wanted;
    const definition = Object.hasOwn(definitions, wanted.tool) ? definitions[wanted.tool]! : undefined;
    if (!definition)
      return {
        problem: `the agent's tool "${wanted.tool}" is not a tool of this engine (${Object.keys(definitions).join(', ')})`,
      };
    if (WORKFLOW_TOOLS.includes(wanted.tool))
      return {
        problem: `the agent's tool "${wanted.tool}" runs in the workflow, not as a tool call a model can make; use it as a step of its own`,
      };
    for (const actionName of wanted.actions ?? Object.keys(definition.actions)) {
      const action = findToolAction(definition, actionName);
      if (!action)
        return {
          problem: `tool "${wanted.tool}" has no action "${actionName}" (it has ${Object.keys(definition.actions).join(', ')})`,
        };
      const name = `${wanted.tool}__${action.name}`;
      if (tools.some((tool) => tool.name === name)) continue;
      tools.push({
        name,
        tool: wanted.tool,
        action: action.name,
        description: `${definition.description} ${action.spec.description}`.slice(0, 1000),
        parameters: argumentsSchema(action.spec),
      });
    }
  }
  return { tools };
}

function wantedActions(entry: unknown): { tool: string; actions?: string[] } | { problem: string } {
  if (typeof entry === 'string') {
    const dot = entry.indexOf('.');
    return dot < 0 ? { tool: entry } : { tool: entry.slice(0, dot), actions: [entry.slice(dot + 1)] };
  }
  if (entry && typeof entry === 'object' && typeof (entry as { tool?: unknown }).tool === 'string') {
    const { tool, action, actions } = entry as { tool: string; action?: unknown; actions?: unknown };
    if (typeof action === 'string') return { tool, actions: [action] };
    if (Array.isArray(actions) && actions.every((item) => typeof item === 'string'))
      return { tool, actions: actions as string[] };
    return { tool };
  }
  return {
    problem: `an agent's tool is a name ("filesystem", "filesystem.read") or {tool, action}, not ${JSON.stringify(entry)}`,
  };
}
