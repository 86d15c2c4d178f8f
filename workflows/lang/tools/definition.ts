// A tool's declared shape: pure data, so the compiler can check parameters statically and the
// JSON Schema can list them. The implementations live in activities/tools/.

export type ToolParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';

export interface ToolParameterSpec {
  type: ToolParameterType;
  description: string;
  required?: boolean;
  default?: unknown;
}

export interface ToolActionSpec {
  description: string;
  parameters: Readonly<Record<string, ToolParameterSpec>>;
  /** The result's shape, for documentation and for authors reading `step.result`. */
  result: string;
}

export interface ToolDefinition {
  name: string;
  description: string;
  actions: Readonly<Record<string, ToolActionSpec>>;
}

export function defineTool<const Definition extends ToolDefinition>(definition: Definition): Definition {
  return definition;
}
