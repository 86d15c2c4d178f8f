// CSV text for validation: cells are text, so each is read as the type the schema asks for
// ("3" for an integer property is 3); an empty cell is an absent value, so `required` sees it.
import { csvCell } from '../data-processing/index.js';

type Schema = Record<string, unknown>;

function typesOf(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const type = (schema as Schema).type;
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

function readCell(text: string, types: readonly string[]): unknown {
  // A column the schema does not type is read as data-processing reads CSV (numbers as numbers),
  // so later steps can compute with it.
  if (types.length === 0) return csvCell(text);
  const trimmed = text.trim();
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)
  ) {
    const number = Number(trimmed);
    if (types.includes('number') || Number.isInteger(number)) return number;
  }
  if (types.includes('boolean') && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return text;
}

/** The row schema: the schema itself, or its `items` when it describes the whole list. */
export function rowSchemaOf(schema: Schema): Schema | undefined {
  const items = schema.items;
  return typesOf(schema).includes('array') && items !== null && typeof items === 'object'
    ? (items as Schema)
    : typesOf(schema).includes('array')
      ? undefined
      : schema;
}

export function typeCsvRows(
  rows: readonly Record<string, string>[],
  rowSchema: Schema | undefined,
): Record<string, unknown>[] {
  const properties = (rowSchema?.properties ?? {}) as Record<string, unknown>;
  return rows.map((row) => {
    const typed: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (cell.trim() === '') continue;
      typed[column] = readCell(cell, typesOf(properties[column]));
    }
    return typed;
  });
}
