// Checking run inputs against the declared parameters. Pure: the client checks before starting
// a run, and the workflow checks again (a run may be started by other clients).
import type { ParameterIR } from './ir.js';

export interface CheckedInputs {
  /** Inputs with defaults applied, in declaration order. */
  values: Record<string, unknown>;
  /** Every problem at once, each naming the parameter. */
  problems: string[];
}

export function checkInputs(
  parameters: Readonly<Record<string, ParameterIR>>,
  inputs: Readonly<Record<string, unknown>>,
): CheckedInputs {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of Object.keys(inputs)) {
    if (!(name in parameters)) {
      const declared = Object.keys(parameters);
      problems.push(
        `unknown input "${name}"; ${declared.length ? `this pipeline's parameters are: ${declared.join(', ')}` : 'this pipeline declares no parameters'}`,
      );
    }
  }
  for (const [name, parameter] of Object.entries(parameters)) {
    const given = Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined;
    if (given === undefined) {
      if (parameter.required)
        problems.push(
          `missing required input "${name}" (${parameter.type}${parameter.description ? `: ${parameter.description}` : ''})`,
        );
      else values[name] = parameter.default;
      continue;
    }
    const problem = checkValue(name, given, parameter);
    if (problem) problems.push(problem);
    values[name] = given;
  }
  return { values, problems };
}

/** A message for a value that does not fit its parameter, or undefined when it fits. */
export function checkValue(name: string, value: unknown, parameter: ParameterIR): string | undefined {
  if (value === null && !parameter.required) return undefined;
  if (!hasType(value, parameter.type))
    return `input "${name}" must be ${article(parameter.type)}, not ${JSON.stringify(value)}`;
  if (parameter.enum && !parameter.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `input "${name}" must be one of ${parameter.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}, not ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number') {
    if (parameter.minimum !== undefined && value < parameter.minimum)
      return `input "${name}" must be at least ${parameter.minimum}, not ${value}`;
    if (parameter.maximum !== undefined && value > parameter.maximum)
      return `input "${name}" must be at most ${parameter.maximum}, not ${value}`;
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (parameter.min_length !== undefined && value.length < parameter.min_length)
      return `input "${name}" must have at least ${parameter.min_length} ${typeof value === 'string' ? 'characters' : 'items'}`;
    if (parameter.max_length !== undefined && value.length > parameter.max_length)
      return `input "${name}" must have at most ${parameter.max_length} ${typeof value === 'string' ? 'characters' : 'items'}`;
  }
  if (typeof value === 'string' && parameter.pattern !== undefined && !new RegExp(parameter.pattern, 'u').test(value)) {
    return `input "${name}" must match the pattern ${parameter.pattern}, not ${JSON.stringify(value)}`;
  }
  return undefined;
}

function hasType(value: unknown, type: ParameterIR['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'any':
      return true;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
