// `transform`: a list of row operations applied in order (py-orc's data_processing_pipeline
// spelling: deduplicate, cast, fill_missing, calculate, filter, rename, select, …).
import { casterFor } from './cast.js';
import { deduplicate, fillMissing } from './clean.js';
import { rowMatches, evaluateOnRow } from './expressions.js';
import { badInput, columnList, isRow, requireColumns, toNumber, type Row } from './rows.js';
import { sortRows } from './sort.js';

type Operation = (rows: Row[], spec: Row, where: string) => Row[];

const OPERATIONS: Readonly<Record<string, Operation>> = {
  deduplicate: (rows, spec) => {
    const columns = columnList(spec.columns ?? spec.subset, 'deduplicate.columns');
    requireColumns(rows, columns, 'deduplicate');
    return deduplicate(rows, columns, spec.keep === 'last' ? 'last' : 'first');
  },
  cast: (rows, spec, where) => {
    if (!isRow(spec.columns))
      throw badInput(`${where}: cast needs columns: a mapping of column name to type, e.g. { quantity: integer }`);
    const casts = Object.entries(spec.columns).map(([column, type]) => [column, casterFor(type, column)] as const);
    requireColumns(
      rows,
      casts.map(([column]) => column),
      'cast',
    );
    return rows.map((row) => {
      const copy = { ...row };
      for (const [column, cast] of casts) if (column in copy) copy[column] = cast(copy[column]);
      return copy;
    });
  },
  fill_missing: (rows, spec) =>
    fillMissing(
      rows,
      spec.strategy ?? spec.method ?? 'zero',
      columnList(spec.columns, 'fill_missing.columns'),
      spec.value,
    ),
  calculate: (rows, spec, where) => {
    const expressions = isRow(spec.expressions)
      ? spec.expressions
      : typeof spec.column === 'string'
        ? { [spec.column]: spec.expression }
        : undefined;
    if (expressions === undefined)
      throw badInput(
        `${where}: calculate needs expressions: a mapping of new column to expression, e.g. { total: "quantity * unit_price" }`,
      );
    // Each expression sees the columns computed before it in the same operation.
    return rows.map((row) => {
      const copy = { ...row };
      for (const [column, expression] of Object.entries(expressions))
        copy[column] = evaluateOnRow(String(expression), copy, `${where} ${column}`);
      return copy;
    });
  },
  filter: (rows, spec, where) => {
    if (typeof spec.condition !== 'string')
      throw badInput(`${where}: filter needs condition, e.g. "status != 'cancelled'"`);
    return rows.filter((row) => rowMatches(spec.condition as string, row, where));
  },
  rename: (rows, spec, where) => {
    const mapping = spec.mapping ?? spec.columns;
    if (!isRow(mapping)) throw badInput(`${where}: rename needs mapping: old column name to new name`);
    requireColumns(rows, Object.keys(mapping), 'rename');
    return rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [String(mapping[key] ?? key), value])),
    );
  },
  select: (rows, spec) => {
    const columns = columnList(spec.columns, 'select.columns');
    requireColumns(rows, columns, 'select');
    return rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null])));
  },
  drop: (rows, spec) => {
    const columns = columnList(spec.columns, 'drop.columns');
    requireColumns(rows, columns, 'drop');
    return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !columns.includes(key))));
  },
  normalize: (rows, spec) =>
    normalize(rows, columnList(spec.columns, 'normalize.columns'), spec.method === 'zscore' ? 'zscore' : 'minmax'),
  sort: (rows, spec) => sortRows(rows, spec.by ?? spec.columns, spec.order),
  limit: (rows, spec, where) => {
    const count = toNumber(spec.count ?? spec.n);
    if (count === undefined || count < 0) throw badInput(`${where}: limit needs count, a number of rows`);
    return rows.slice(0, count);
  },
};

const OPERATION_ALIASES: Readonly<Record<string, string>> = {
  drop_duplicates: 'deduplicate',
  remove_duplicates: 'deduplicate',
  convert_types: 'cast',
  fillna: 'fill_missing',
  compute: 'calculate',
  add_columns: 'calculate',
  rename_fields: 'rename',
  rename_columns: 'rename',
  select_columns: 'select',
  drop_columns: 'drop',
  normalise: 'normalize',
};

export function transformRows(rows: Row[], parameters: Record<string, unknown>): Row[] {
  const operations = parameters.operations ?? (parameters.operation === undefined ? undefined : [parameters.operation]);
  if (!Array.isArray(operations))
    throw badInput(
      'transform needs operations: a list of { type, ... }, e.g. [{ type: filter, condition: "amount > 0" }]',
    );
  return operations.reduce<Row[]>((current, spec, index) => {
    const where = `operations[${index}]`;
    if (!isRow(spec)) throw badInput(`${where} must be an object { type, ... }, not ${JSON.stringify(spec)}`);
    const name = String(spec.type ?? spec.operation ?? '');
    const operation = OPERATIONS[OPERATION_ALIASES[name] ?? name];
    if (operation === undefined)
      throw badInput(
        `${where}: unknown operation type ${JSON.stringify(spec.type)}; use one of ${Object.keys(OPERATIONS).join(', ')}`,
      );
    return operation(current, spec, `${where} (${name})`);
  }, rows);
}

function normalize(rows: Row[], columns: string[], method: 'minmax' | 'zscore'): Row[] {
  requireColumns(rows, columns, 'normalize');
  const scales = columns.map((column) => {
    const values = rows.map((row) => toNumber(row[column])).filter((value): value is number => value !== undefined);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const mean = values.reduce((total, value) => total + value, 0) / (values.length || 1);
    const std = Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length || 1));
    return {
      column,
      scale: (value: number) =>
        method === 'minmax' ? (max === min ? 0 : (value - min) / (max - min)) : std === 0 ? 0 : (value - mean) / std,
    };
  });
  return rows.map((row) => {
    const copy = { ...row };
    for (const { column, scale } of scales) {
      const number = toNumber(copy[column]);
      copy[column] = number === undefined ? (copy[column] ?? null) : scale(number);
    }
    return copy;
  });
}
