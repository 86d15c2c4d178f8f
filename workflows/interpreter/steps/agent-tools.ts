// The tools an agent step offers its model (spec §8.5): `tools:` names a tool (every action),
// `tool.action`, or `{tool, action}` / `{tool, actions}`. Each action becomes one function the
// model may call, named `tool__action`, with a JSON Schema built from the tool's definition.
import { BUILT_IN_TOOLS, findToolAction, type ToolActionSpec, type ToolParameterSpec } from '../../lang/tools/index.js';

export interface AgentToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface AgentTools {
  definitions: AgentToolDefinition[];
  /** Function name → the tool action it runs. */
  actions: Record<string, { tool: string; action: string }>;
}

export function agentTools(listed: unknown): AgentTools | { problem: string } {
  const tools: AgentTools = { definitions: [], actions: {} };
  if (listed === undefined || listed === null) return tools;
  if (!Array.isArray(listed)) return { problem: `tools must be a list of tool names ("filesystem", "filesystem.read" or {tool, action}), not ${JSON.stringify(listed)}` };
  for (const entry of listed) {
    const wanted = wantedActions(entry);
    if ('problem' in wanted) return wanted;
    const definition = Object.hasOwn(BUILT_IN_TOOLS, wanted.tool) ? BUILT_IN_TOOLS[wanted.tool]! : undefined;
    if (!definition) return { problem: `the agent's tool "${wanted.tool}" is not a built-in tool (${Object.keys(BUILT_IN_TOOLS).join(', ')})` };
    for (const actionName of wanted.actions ?? Object.keys(definition.actions)) {
      const action = findToolAction(definition, actionName);
      if (!action) return { problem: `tool "${wanted.tool}" has no action "${actionName}" (it has ${Object.keys(definition.actions).join(', ')})` };
      const name = `${wanted.tool}__${action.name}`;
      if (tools.actions[name]) continue;
      tools.actions[name] = { tool: wanted.tool, action: action.name };
      tools.definitions.push({ name, description: `${definition.description} ${action.spec.description}`.slice(0, 1000), parameters: argumentsSchema(action.spec) });
    }
  }
  return tools;
}

function wantedActions(entry: unknown): { tool: string; actions?: string[] } | { problem: string } {
  if (typeof entry === 'string') {
    const dot = entry.indexOf('.');
    return dot < 0 ? { tool: entry } : { tool: entry.slice(0, dot), actions: [entry.slice(dot + 1)] };
  }
  if (entry && typeof entry === 'object' && typeof (entry as { tool?: unknown }).tool === 'string') {
    const { tool, action, actions } = entry as { tool: string; action?: unknown; actions?: unknown };
    if (typeof action === 'string') return { tool, actions: [action] };
    if (Array.isArray(actions) && actions.every((item) => typeof item === 'string')) return { tool, actions: actions as string[] };
    return { tool };
  }
  return { problem: `an agent's tool is a name ("filesystem", "filesystem.read") or {tool, action}, not ${JSON.stringify(entry)}` };
}

/** The JSON Schema of an action's arguments, from its parameter specs. */
export function argumentsSchema(action: ToolActionSpec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(action.parameters)) {
    properties[name] = parameterSchema(spec);
    if (spec.required) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function parameterSchema(spec: ToolParameterSpec): Record<string, unknown> {
  const schema: Record<string, unknown> = { description: spec.description };
  // `any` stays unconstrained; arrays and objects stay open, as the tools accept.
  if (spec.type !== 'any') schema.type = spec.type;
  if (spec.enum) schema.enum = [...spec.enum];
  if (spec.default !== undefined) schema.default = spec.default;
  return schema;
}
