// The data of a chart: rows read the way data-processing reads them (a list of objects, JSON or
// CSV text), the columns chosen for the axes, and the points in long form ({ x, series, value })
// so the chart spec never names the author's columns (dots and brackets in them mean paths to
// vega-lite).
import {
  parseData,
  asRows,
  badInput,
  columnList,
  isMissing,
  requireColumns,
  toNumber,
  type Row,
} from '../data-processing/index.js';

/** More points make SVG files too big to open and take long to lay out. */
export const MAX_POINTS = 20_000;
/** The label of the x axis when no column is left for it: the row's number. */
const ROW_NUMBER = 'row';

export interface Point {
  x: unknown;
  series: string;
  value: number;
}

export interface ChartTable {
  xName: string;
  /** Whether x is a number (a continuous axis for line, area and scatter). */
  xNumeric: boolean;
  yNames: string[];
  points: Point[];
}

/** Rows from `data`; empty data fails, since there is nothing to draw. */
export function readRows(data: unknown, action: string): Row[] {
  if (data === undefined || data === null || (typeof data === 'string' && data.trim() === ''))
    throw badInput(`visualization.${action} needs data: rows as a list of objects, or JSON or CSV text`);
  const rows = asRows(parseData(data, 'json'), `visualization.${action}`);
  if (rows.length === 0) throw badInput(`visualization.${action}: the data has no rows, so there is nothing to draw`);
  return rows;
}

export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Columns whose every present value is a number (or numeric text), with at least one value. */
export function numericColumns(rows: readonly Row[]): string[] {
  return columnsOf(rows).filter((column) => {
    const present = rows.map((row) => row[column]).filter((value) => !isMissing(value));
    return present.length > 0 && present.every((value) => toNumber(value) !== undefined && typeof value !== 'boolean');
  });
}

export interface AxisChoice {
  /** The x column; undefined means the row number. */
  x?: string;
  y: string[];
}

/**
 * The axes: the columns asked for, else x is the first column (or, with `preferLabels`, the
 * first non-numeric one) and y the numeric columns other than x. When x would take the only
 * numeric column, the row number becomes x instead.
 */
export function chooseAxes(
  rows: readonly Row[],
  parameters: Record<string, unknown>,
  options: { preferLabels: boolean },
): AxisChoice {
  const columns = columnsOf(rows);
  const numeric = numericColumns(rows);
  const askedX = columnList(parameters.x, 'x');
  const askedY = columnList(parameters.y, 'y');
  if (askedX.length > 1) throw badInput(`x must be one column name, not ${JSON.stringify(parameters.x)}`);
  requireColumns(rows, [...askedX, ...askedY], 'visualization');
  for (const column of askedY)
    if (!numeric.includes(column))
      throw badInput(`y column "${column}" does not hold numbers; the numeric columns are ${listed(numeric)}`);
  if (numeric.length === 0)
    throw badInput(`the data has no numeric column to draw; the columns are ${listed(columns)}`);
  const labels = columns.filter((column) => !numeric.includes(column));
  let x: string | undefined = askedX[0] ?? (options.preferLabels && labels.length > 0 ? labels[0] : columns[0]);
  const y = askedY.length > 0 ? askedY : numeric.filter((column) => column !== x);
  if (y.length === 0) {
    if (askedX.length > 0)
      throw badInput(`no numeric column is left for y besides x "${x}"; the columns are ${listed(columns)}`);
    x = undefined;
    y.push(...numeric);
  }
  return { x, y };
}

/** The points of the chosen columns; rows whose y is missing or not a number are left out. */
export function tableOf(rows: readonly Row[], axes: AxisChoice): ChartTable {
  const xValues = rows.map((row, index) => (axes.x === undefined ? index + 1 : row[axes.x]));
  const xNumeric = xValues.every(
    (value) => isMissing(value) || (typeof value !== 'boolean' && toNumber(value) !== undefined),
  );
  const points: Point[] = [];
  rows.forEach((row, index) => {
    for (const column of axes.y) {
      const value = toNumber(row[column]);
      if (value === undefined) continue;
      points.push({
        x: xNumeric ? (toNumber(xValues[index]) ?? null) : labelOf(xValues[index]),
        series: column,
        value,
      });
    }
  });
  if (points.length === 0)
    throw badInput(`the y column${axes.y.length > 1 ? 's' : ''} ${listed(axes.y)} hold no numbers to draw`);
  if (points.length > MAX_POINTS)
    throw badInput(
      `${points.length} points are too many for one chart (at most ${MAX_POINTS}): aggregate or filter the data first (data-processing aggregate)`,
    );
  return { xName: axes.x ?? ROW_NUMBER, xNumeric, yNames: axes.y, points };
}

/** Labels are text: objects as JSON, missing values as an empty label. */
function labelOf(value: unknown): string {
  if (isMissing(value)) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function listed(columns: readonly string[]): string {
  return columns.length === 0 ? '(none)' : columns.map((column) => `"${column}"`).join(', ');
}
