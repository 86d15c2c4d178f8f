// Vega-lite specs, one builder per chart type, over the long-form points of chart-data.ts
// (fields x, series, value). Data is always inline values: nothing is fetched.
import type { TopLevelSpec } from 'vega-lite';
import { badInput } from '../data-processing/index.js';
import type { ChartTable } from './chart-data.js';

export const CHART_TYPES = ['bar', 'line', 'scatter', 'pie', 'histogram', 'area'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

const WIDTH = 480;
const HEIGHT = 300;
const PIE_SIZE = 300;

export function chartTypeOf(value: unknown): ChartType {
  const type = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (!CHART_TYPES.includes(type as ChartType))
    throw badInput(`chart type must be one of ${CHART_TYPES.join(', ')} — not ${JSON.stringify(value)}`);
  return type as ChartType;
}

type Encoding = Record<string, unknown>;
type Builder = (table: ChartTable) => { mark: unknown; encoding: Encoding };

const yTitle = (table: ChartTable) => (table.yNames.length === 1 ? table.yNames[0] : 'value');
const series = (table: ChartTable): Encoding =>
  table.yNames.length > 1 ? { color: { field: 'series', type: 'nominal', title: null, sort: table.yNames } } : {};
const yValue = (table: ChartTable) => ({ field: 'value', type: 'quantitative', title: yTitle(table) });

/** Few short labels read best level; many or long ones are slanted so they do not overlap. */
function labelAngle(table: ChartTable): number {
  const labels = new Set(table.points.map((point) => String(point.x)));
  const longest = Math.max(0, ...[...labels].map((label) => label.length));
  return labels.size <= 12 && longest <= 10 ? 0 : -40;
}

/** Continuous when x holds numbers, else labels in ascending order (ISO dates sort right). */
const xAxis = (table: ChartTable) =>
  table.xNumeric
    ? { field: 'x', type: 'quantitative', title: table.xName }
    : {
        field: 'x',
        type: 'ordinal',
        title: table.xName,
        scale: { padding: 0.2 },
        axis: { labelAngle: labelAngle(table) },
      };

const BUILDERS: Record<ChartType, Builder> = {
  // Bars keep the data's order: it is usually sorted on purpose (a top-10, months).
  bar: (table) => ({
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'x', type: 'nominal', sort: null, title: table.xName, axis: { labelAngle: labelAngle(table) } },
      y: yValue(table),
      ...series(table),
      ...(table.yNames.length > 1 ? { xOffset: { field: 'series', sort: table.yNames } } : {}),
    },
  }),
  line: (table) => ({
    mark: { type: 'line', point: true },
    encoding: { x: xAxis(table), y: yValue(table), ...series(table) },
  }),
  // Series overlap rather than stack: a stacked area would show totals, not the values given.
  area: (table) => ({
    mark: { type: 'area', line: true, opacity: 0.45 },
    encoding: { x: xAxis(table), y: { ...yValue(table), stack: null }, ...series(table) },
  }),
  // Padding keeps the points at the extremes off the axes.
  scatter: (table) => ({
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { ...xAxis(table), ...(table.xNumeric ? { scale: { zero: false, padding: 12 } } : {}) },
      y: { ...yValue(table), scale: { zero: false, padding: 12 } },
      ...series(table),
    },
  }),
  // One slice per label of x, the first y column's values summed per label.
  pie: (table) => ({
    mark: { type: 'arc', stroke: 'white' },
    encoding: {
      theta: { field: 'value', type: 'quantitative', aggregate: 'sum', title: table.yNames[0] },
      color: { field: 'x', type: 'nominal', sort: null, title: table.xName },
    },
  }),
  histogram: (table) => ({
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 20 }, title: table.yNames[0] },
      y: { aggregate: 'count', type: 'quantitative', title: 'count' },
    },
  }),
};

export function chartSpec(
  type: ChartType,
  table: ChartTable,
  title: string | undefined,
  config: Record<string, unknown> = {},
): TopLevelSpec {
  const points = type === 'pie' ? table.points.filter((point) => point.series === table.yNames[0]) : table.points;
  const { mark, encoding } = BUILDERS[type](table);
  const size = type === 'pie' ? { width: PIE_SIZE, height: PIE_SIZE } : { width: WIDTH, height: HEIGHT };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    ...size,
    data: { values: points },
    mark,
    encoding,
    config: { background: 'white', ...config },
  } as TopLevelSpec;
}
