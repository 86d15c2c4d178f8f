// `infer_schema`: the narrowest simple JSON Schema that the example data satisfies.
type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** One schema for several examples: types united, object properties merged. */
function unite(examples: readonly unknown[]): Schema {
  const types = [...new Set(examples.map(typeOf))];
  // An integer among numbers is a number.
  const merged = types.includes('number') ? types.filter((type) => type !== 'integer') : types;
  const schema: Schema = { type: merged.length === 1 ? merged[0] : merged };
  const objects = examples.filter((value): value is Record<string, unknown> => typeOf(value) === 'object');
  if (objects.length > 0) {
    const keys = [...new Set(objects.flatMap((value) => Object.keys(value)))];
    schema.properties = Object.fromEntries(
      keys.map((key) => [key, unite(objects.filter((value) => key in value).map((value) => value[key]))]),
    );
    schema.required = keys.filter((key) => objects.every((value) => key in value));
  }
  const arrays = examples.filter((value): value is unknown[] => Array.isArray(value));
  const items = arrays.flat();
  if (arrays.length > 0 && items.length > 0) schema.items = unite(items);
  return schema;
}

export function inferSchema(value: unknown): Schema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...unite([value]) };
}
