// The JSON Schema of an action's arguments, built from its parameter specs: what an agent step
// offers its model for each tool action (shared by the compiler and the workflow).
import type { ToolActionSpec, ToolParameterSpec } from './definition.js';

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
