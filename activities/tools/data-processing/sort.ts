// `filter` (criteria and/or a condition) and `sort`.
import { rowMatches } from './expressions.js';
import { badInput, columnList, compareValues, isRow, keyOf, requireColumns, type Row } from './rows.js';

export function filterRows(rows: readonly Row[], parameters: Record<string, unknown>): Row[] {
  // py-orc's filter reads operation: { criteria }; written at the top level they win.
  const operation = isRow(parameters.operation) ? parameters.operation : {};
  const criteria = parameters.criteria ?? operation.criteria;
  const condition = parameters.condition ?? operation.condition;
  if (criteria === undefined && condition === undefined)
    throw badInput('filter needs criteria ({ column: value }) or condition ("amount > 10"), or both');
  if (criteria !== undefined && !isRow(criteria))
    throw badInput(`criteria must map column names to the values they must equal, not ${JSON.stringify(criteria)}`);
  if (condition !== undefined && typeof condition !== 'string')
    throw badInput(`condition must be an expression as text, such as "status != 'cancelled'"`);
  const wanted = Object.entries(criteria ?? {});
  requireColumns(
    rows,
    wanted.map(([column]) => column),
    'criteria',
  );
  return rows.filter(
    (row, index) =>
      wanted.every(
        ([column, value]) =>
          keyOf([row[column]]) === keyOf([value]) ||
          (Array.isArray(value) && value.some((choice) => keyOf([choice]) === keyOf([row[column]]))),
      ) &&
      (condition === undefined || rowMatches(condition, row, `condition (row ${index})`)),
  );
}

/** Rows sorted by one or more columns; the order is stable and missing values come last. */
export function sortRows(rows: readonly Row[], by: unknown, order: unknown): Row[] {
  const columns = columnList(by, 'by');
  if (columns.length === 0) throw badInput('sort needs by: a column name or a list of them');
  requireColumns(rows, columns, 'sort');
  const orders = Array.isArray(order) ? order : columns.map(() => order ?? 'asc');
  const signs = columns.map((_, index) =>
    String(orders[index] ?? 'asc')
      .toLowerCase()
      .startsWith('desc')
      ? -1
      : 1,
  );
  return [...rows].sort((a, b) => {
    for (const [index, column] of columns.entries()) {
      const difference = compareValues(a[column], b[column]);
      if (difference !== 0) return compareMissingLast(a[column], b[column], difference * signs[index]!);
    }
    return 0;
  });
}

/** Descending order must not bring missing values to the front. */
function compareMissingLast(a: unknown, b: unknown, signed: number): number {
  const missingA = a === null || a === undefined || a === '';
  const missingB = b === null || b === undefined || b === '';
  if (missingA !== missingB) return missingA ? 1 : -1;
  return signed;
}
