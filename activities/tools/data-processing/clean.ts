// Duplicates and missing values: the `clean` action and the deduplicate / fill_missing operations.
import { median } from './aggregate-functions.js';
import { badInput, columnList, isMissing, isRow, keyOf, toNumber, type Row } from './rows.js';

export function deduplicate(rows: readonly Row[], columns: readonly string[], keep: 'first' | 'last'): Row[] {
  const keyFor = (row: Row) =>
    keyOf(
      columns.length > 0
        ? columns.map((column) => row[column] ?? null)
        : Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  const ordered = keep === 'last' ? [...rows].reverse() : rows;
  const seen = new Set<string>();
  const kept = ordered.filter((row) => {
    const key = keyFor(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return keep === 'last' ? kept.reverse() : kept;
}

const STRATEGIES = ['zero', 'mean', 'median', 'mode', 'forward_fill', 'backward_fill', 'drop', 'keep', 'value'];

/**
 * Missing values filled by a strategy for the given columns (all if none), or — py-orc's
 * spelling — `strategy` as a mapping of column to the value to put in its empty cells.
 */
export function fillMissing(
  rows: readonly Row[],
  strategy: unknown,
  columns: readonly string[],
  value: unknown,
): Row[] {
  if (isRow(strategy))
    return rows.map((row) =>
      fillWith(row, (column) => (column in strategy ? { value: strategy[column] } : undefined), Object.keys(strategy)),
    );
  const name = String(strategy);
  if (!STRATEGIES.includes(name))
    throw badInput(
      `fill_missing: unknown strategy ${JSON.stringify(strategy)}; use one of ${STRATEGIES.join(', ')}, or a mapping of column to value`,
    );
  const targets = columns.length > 0 ? columns : allColumns(rows);
  if (name === 'keep') return [...rows];
  if (name === 'drop') return rows.filter((row) => targets.every((column) => !isMissing(row[column])));
  if (name === 'forward_fill' || name === 'backward_fill') return carryValues(rows, targets, name === 'backward_fill');
  const fills = new Map(targets.map((column) => [column, fillValue(rows, column, name, value)]));
  return rows.map((row) =>
    fillWith(row, (column) => (fills.has(column) ? { value: fills.get(column) } : undefined), targets),
  );
}

function fillWith(
  row: Row,
  fillFor: (column: string) => { value: unknown } | undefined,
  columns: readonly string[],
): Row {
  const copy = { ...row };
  for (const column of columns) {
    const fill = fillFor(column);
    if (fill !== undefined && isMissing(copy[column])) copy[column] = fill.value;
  }
  return copy;
}

function fillValue(rows: readonly Row[], column: string, strategy: string, value: unknown): unknown {
  const present = rows.map((row) => row[column]).filter((item) => !isMissing(item));
  const numbers = present.map(toNumber).filter((item): item is number => item !== undefined);
  if (strategy === 'value') return value ?? null;
  if (strategy === 'zero') return 0;
  if (strategy === 'mean') return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
  if (strategy === 'median') return median(numbers);
  // mode: the most frequent value, the first seen on a tie.
  const counts = new Map<string, { item: unknown; count: number }>();
  for (const item of present) {
    const entry = counts.get(keyOf([item])) ?? { item, count: 0 };
    entry.count++;
    counts.set(keyOf([item]), entry);
  }
  return (
    [...counts.values()].reduce<{ item: unknown; count: number } | undefined>(
      (best, entry) => (best === undefined || entry.count > best.count ? entry : best),
      undefined,
    )?.item ?? null
  );
}

function carryValues(rows: readonly Row[], columns: readonly string[], backwards: boolean): Row[] {
  const ordered = backwards ? [...rows].reverse() : [...rows];
  const last = new Map<string, unknown>();
  const filled = ordered.map((row) => {
    const copy = { ...row };
    for (const column of columns) {
      if (isMissing(copy[column])) {
        if (last.has(column)) copy[column] = last.get(column);
      } else last.set(column, copy[column]);
    }
    return copy;
  });
  return backwards ? filled.reverse() : filled;
}

function allColumns(rows: readonly Row[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

const HANDLE_MISSING: Readonly<Record<string, string>> = {
  keep: 'keep',
  drop: 'drop',
  forward_fill: 'forward_fill',
  backward_fill: 'backward_fill',
  zero: 'zero',
};

export function cleanRows(rows: readonly Row[], parameters: Record<string, unknown>): { rows: Row[]; removed: number } {
  const deduplicated = parameters.remove_duplicates === false ? [...rows] : deduplicate(rows, [], 'first');
  const handling = HANDLE_MISSING[String(parameters.handle_missing ?? 'keep')];
  if (handling === undefined)
    throw badInput(
      `handle_missing must be one of ${Object.keys(HANDLE_MISSING).join(', ')}, not ${JSON.stringify(parameters.handle_missing)}`,
    );
  const cleaned = fillMissing(deduplicated, handling, columnList(parameters.columns, 'columns'), undefined);
  return { rows: cleaned, removed: rows.length - cleaned.length };
}
