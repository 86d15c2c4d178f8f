// `aggregate` (group_by + aggregations) and `pivot`: one output row per group.
import { aggregator } from './aggregate-functions.js';
import { badInput, columnList, isRow, keyOf, requireColumns, type Row } from './rows.js';

interface Aggregation {
  output: string;
  column: string;
  apply: (values: readonly unknown[]) => unknown;
}

/**
 * The aggregations: `output: { column, function }`, or py-orc's shorter `column: function`
 * (the output named after the column) and `column: [functions]` (named column_function).
 */
function aggregationsOf(value: unknown): Aggregation[] {
  if (!isRow(value) || Object.keys(value).length === 0) {
    throw badInput(
      'aggregations must map output names to { column, function }, e.g. { total: { column: amount, function: sum } }',
    );
  }
  return Object.entries(value).flatMap(([output, spec]): Aggregation[] => {
    const where = `aggregations.${output}`;
    if (typeof spec === 'string') return [{ output, column: output, apply: aggregator(spec, where) }];
    if (Array.isArray(spec))
      return spec.map((name) => ({
        output: `${output}_${String(name)}`,
        column: output,
        apply: aggregator(name, where),
      }));
    if (!isRow(spec) || typeof spec.column !== 'string')
      throw badInput(`${where} must be { column, function }, not ${JSON.stringify(spec)}`);
    return [{ output, column: spec.column, apply: aggregator(spec.function ?? spec.func ?? spec.agg, where) }];
  });
}

/** Rows grouped by the key columns, in the order each group first appears. */
export function groupRows(rows: readonly Row[], keys: readonly string[]): Map<string, { key: Row; rows: Row[] }> {
  const groups = new Map<string, { key: Row; rows: Row[] }>();
  for (const row of rows) {
    const values = keys.map((column) => row[column] ?? null);
    const id = keyOf(values);
    let group = groups.get(id);
    if (group === undefined) {
      group = { key: Object.fromEntries(keys.map((column, index) => [column, values[index]])), rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return groups;
}

export function aggregateRows(rows: readonly Row[], parameters: Record<string, unknown>): Row[] {
  const keys = columnList(parameters.group_by, 'group_by');
  const aggregations = aggregationsOf(parameters.aggregations);
  requireColumns(rows, [...keys, ...aggregations.map((item) => item.column)], 'aggregate');
  const result: Row[] = [];
  for (const group of groupRows(rows, keys).values()) {
    const row: Row = { ...group.key };
    for (const item of aggregations) row[item.output] = item.apply(group.rows.map((member) => member[item.column]));
    result.push(row);
  }
  return result;
}

export function pivotRows(rows: readonly Row[], parameters: Record<string, unknown>): Row[] {
  const index = columnList(parameters.index, 'index');
  if (index.length === 0) throw badInput('pivot needs index: the column(s) whose values become the rows');
  const [pivotColumn, ...extra] = columnList(parameters.columns, 'columns');
  if (extra.length > 0) throw badInput('pivot takes one column in columns (its values become the new columns)');
  const values = columnList(parameters.values, 'values');
  requireColumns(rows, [...index, ...(pivotColumn === undefined ? [] : [pivotColumn]), ...values], 'pivot');
  const apply = aggregator(parameters.aggfunc ?? 'sum', 'aggfunc');
  const fill = parameters.fill_value === undefined ? null : parameters.fill_value;
  const valueColumns =
    values.length > 0 ? values : numericColumnsExcept(rows, [...index, ...(pivotColumn ? [pivotColumn] : [])]);
  const headings = pivotColumn === undefined ? [] : [...new Set(rows.map((row) => String(row[pivotColumn] ?? '')))];
  const cellName = (value: string, heading: string) => (valueColumns.length === 1 ? heading : `${value}_${heading}`);
  return [...groupRows(rows, index).values()].map((group) => {
    const row: Row = { ...group.key };
    for (const value of valueColumns) {
      if (pivotColumn === undefined) row[value] = apply(group.rows.map((member) => member[value]));
      for (const heading of headings) {
        const members = group.rows.filter((member) => String(member[pivotColumn!] ?? '') === heading);
        row[cellName(value, heading)] = members.length === 0 ? fill : apply(members.map((member) => member[value]));
      }
    }
    return row;
  });
}

function numericColumnsExcept(rows: readonly Row[], except: readonly string[]): string[] {
  const first = rows[0] ?? {};
  return Object.keys(first).filter((column) => !except.includes(column) && typeof first[column] === 'number');
}
