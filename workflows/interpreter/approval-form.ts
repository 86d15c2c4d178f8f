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

interface FormRules {
  /** A required field left out is fine when the form gives it a default. */
  defaultsFill: boolean;
  /** minLength and maxLength are checked. */
  checkLength: boolean;
}

/**
 * What is wrong with the approver's `answers`. Runs recorded before defaults and lengths were
 * honoured replay with both rules off.
 */
export function formProblems(
  fields: Record<string, unknown>,
  answers: Record<string, unknown>,
  rules: FormRules,
): string[] {
  const properties = (fields.properties ?? {}) as Record<string, FieldSchema & { default?: unknown }>;
  const required = Array.isArray(fields.required) ? (fields.required as string[]) : [];
  const problems: string[] = [];
  const hasDefault = (name: string) => rules.defaultsFill && properties[name]?.default !== undefined;
  for (const name of required)
    if (answers[name] === undefined && !hasDefault(name)) problems.push(`the form needs "${name}"`);
  for (const [name, value] of Object.entries(answers)) {
    const property = properties[name];
    if (!property) problems.push(`the form has no field "${name}"; its fields: ${Object.keys(properties).join(', ')}`);
    else {
      const problem = fieldProblem(name, property, value, rules);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function fieldProblem(name: string, property: FieldSchema, value: unknown, rules: FormRules): string | undefined {
  const type = property.type ?? 'string';
  const fits =
    type === 'integer'
      ? Number.isInteger(value)
      : type === 'number'
        ? typeof value === 'number'
        : typeof value === type;
  if (!fits)
    return `field "${name}" must be ${type === 'integer' ? 'an integer' : `a ${type}`}, not ${JSON.stringify(value)}`;
  if (property.enum && !property.enum.includes(value))
    return `field "${name}" must be one of ${property.enum.map((option) => JSON.stringify(option)).join(', ')}, not ${JSON.stringify(value)}`;
  if (typeof value === 'number' && outside(value, property.minimum, property.maximum))
    return `field "${name}" must be ${allowedRange(property.minimum, property.maximum)}, not ${value}`;
  if (rules.checkLength && typeof value === 'string' && outside(value.length, property.minLength, property.maxLength)) {
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
