// Name resolution shared by the compiler and the docs: an action or a parameter may be named by
// its canonical name or by one of its aliases; the canonical name is what the IR records.
import type { ToolActionSpec, ToolDefinition, ToolParameterSpec } from './definition.js';

export interface ResolvedToolAction {
  /** The canonical action name (the key in `actions`). */
  name: string;
  spec: ToolActionSpec;
}

export interface ResolvedToolParameter {
  /** The canonical parameter name (the key in `parameters`). */
  name: string;
  spec: ToolParameterSpec;
}

/** The action named `name` or aliased by it, or undefined. */
export function findToolAction(tool: ToolDefinition, name: string): ResolvedToolAction | undefined {
  if (Object.hasOwn(tool.actions, name)) return { name, spec: tool.actions[name]! };
  for (const [canonical, spec] of Object.entries(tool.actions)) {
    if (spec.aliases?.includes(name)) return { name: canonical, spec };
  }
  return undefined;
}

/** The parameter named `name` or aliased by it, or undefined. */
export function findToolParameter(action: ToolActionSpec, name: string): ResolvedToolParameter | undefined {
  if (Object.hasOwn(action.parameters, name)) return { name, spec: action.parameters[name]! };
  for (const [canonical, spec] of Object.entries(action.parameters)) {
    if (spec.aliases?.includes(name)) return { name: canonical, spec };
  }
  return undefined;
}
