// Checking form answers against the small JSON Schema of an approval's `fields`: every problem
// of an answer, each saying what is allowed, so the approver fixes them all in one go.

interface FieldSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/**
 * What is wrong with `answers`, in the form's field order. `checkLength` adds minLength and
 * maxLength (runs recorded before those were checked replay without them).
 */
export function formProblems(fields: Record<string, unknown>, answers: Record<string, unknown>, options: { checkLength: boolean }): string[] {
  const properties = (fields.properties ?? {}) as Record<string, FieldSchema>;
  const required = Array.isArray(fields.required) ? (fields.required as string[]) : [];
  const problems: string[] = [];
  for (const name of required) if (answers[name] === undefined) problems.push(`the form needs "${name}"`);
  for (const [name, value] of Object.entries(answers)) {
    const property = properties[name];
    if (!property) problems.push(`the form has no field "${name}"; its fields: ${Object.keys(properties).join(', ')}`);
    else {
      const problem = fieldProblem(name, property, value, options);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function fieldProblem(name: string, property: FieldSchema, value: unknown, options: { checkLength: boolean }): string | undefined {
  const type = property.type ?? 'string';
  const fits = type === 'integer' ? Number.isInteger(value) : type === 'number' ? typeof value === 'number' : typeof value === type;
  if (!fits) return `field "${name}" must be ${type === 'integer' ? 'an integer' : `a ${type}`}, not ${JSON.stringify(value)}`;
  if (property.enum && !property.enum.includes(value)) return `field "${name}" must be one of ${property.enum.map((option) => JSON.stringify(option)).join(', ')}, not ${JSON.stringify(value)}`;
  if (typeof value === 'number' && outside(value, property.minimum, property.maximum)) return `field "${name}" must be ${allowedRange(property.minimum, property.maximum)}, not ${value}`;
  if (options.checkLength && typeof value === 'string' && outside(value.length, property.minLength, property.maxLength)) {
    return `field "${name}" must be ${allowedRange(property.minLength, property.maxLength)} characters long, not ${value.length}`;
  }
  return undefined;
}

function outside(value: number, minimum: number | undefined, maximum: number | undefined): boolean {
  return (minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum);
}

/** "between 1 and 5", "at least 1", "at most 5". */
function allowedRange(minimum: number | undefined, maximum: number | undefined): string {
  if (minimum !== undefined && maximum !== undefined) return `between ${minimum} and ${maximum}`;
  return minimum !== undefined ? `at least ${minimum}` : `at most ${maximum}`;
}
