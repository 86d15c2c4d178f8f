// Shared helpers: rows from the parsed data, column checks, numbers, and the typed failure for
// bad input (never retried: the same input fails the same way).
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';

export type Row = Record<string, unknown>;

export function badInput(message: string) {
  return toolFailure(ERROR_TYPES.toolError, message, { retryable: false });
}

export const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The data as rows: a list of objects, or one object with a list of rows under a key. */
export function asRows(value: unknown, action: string): Row[] {
  if (Array.isArray(value)) {
    const bad = value.findIndex((row) => !isRow(row));
    if (bad >= 0)
      throw badInput(`${action} needs a list of rows (objects), but item ${bad} is ${JSON.stringify(value[bad])}`);
    return value as Row[];
  }
  if (isRow(value)) {
    const lists = Object.values(value).filter((item) => Array.isArray(item) && item.every(isRow));
    if (lists.length === 1) return lists[0] as Row[];
    return [value];
  }
  throw badInput(`${action} needs a list of rows (objects), not ${value === null ? 'null' : typeof value}`);
}

/** A column name or a list of them, as text. */
export function columnList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string' && item !== ''))
    throw badInput(`${name} must be a column name or a list of column names, not ${JSON.stringify(value)}`);
  return list as string[];
}

/** Fails with the known columns when a named column appears in no row. */
export function requireColumns(rows: readonly Row[], columns: readonly string[], name: string): void {
  if (rows.length === 0) return;
  const known = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) known.add(key);
  const unknown = columns.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    throw badInput(
      `${name}: unknown column ${unknown.map((column) => `"${column}"`).join(', ')}; the columns are ${[...known].map((column) => `"${column}"`).join(', ')}`,
    );
  }
}

export const isMissing = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** A value as a number when it is one or is numeric text; otherwise undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** A stable key for grouping and duplicate detection. */
export const keyOf = (values: readonly unknown[]) => JSON.stringify(values);

/** Ascending order that puts numbers before text and missing values last, like pandas. */
export function compareValues(a: unknown, b: unknown): number {
  if (isMissing(a) || isMissing(b)) return isMissing(a) ? (isMissing(b) ? 0 : 1) : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Parameters that give the first of several spellings (py-orc's aliases). */
export function firstOf(parameters: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (parameters[name] !== undefined && parameters[name] !== null) return parameters[name];
  return undefined;
}
