// The shape of a step's result below its top-level fields, for checking deeper reads
// (`{{ extract.result.people[0].nmae }}`) at compile time. A shape with `properties` is an object
// with exactly those fields; with `items`, a list of such items; with neither, open-ended: what
// the user or the model fills (an answer's `answers`, a schema that allows more) is not checked.
export interface ResultShape {
  properties?: Readonly<Record<string, ResultShape>>;
  items?: ResultShape;
}

export const OPEN: ResultShape = {};

/** A written-out JSON Schema's shape: objects closed unless `additionalProperties` allows more. */
export function jsonSchemaShape(schema: unknown, depth = 0): ResultShape {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > 32) return OPEN;
  const { properties, additionalProperties, items } = schema as Record<string, unknown>;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    if (additionalProperties !== undefined && additionalProperties !== false) return OPEN;
    return {
      properties: Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, jsonSchemaShape(property, depth + 1)]),
      ),
    };
  }
  if (items && typeof items === 'object' && !Array.isArray(items)) return { items: jsonSchemaShape(items, depth + 1) };
  return OPEN;
}

/** An object whose fields are all open-ended but named. */
export function closedObject(names: readonly string[], known: Readonly<Record<string, ResultShape>> = {}): ResultShape {
  return { properties: Object.fromEntries(names.map((name) => [name, known[name] ?? OPEN])) };
}
