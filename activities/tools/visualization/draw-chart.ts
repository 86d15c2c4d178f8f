// One chart from rows: the columns for its type, the vega-lite spec, the SVG, and the file's
// content in the format asked for.
import { badInput, columnList, requireColumns, type Row } from '../data-processing/index.js';
import type { ToolContext } from '../tool-implementation.js';
import { chooseAxes, listed, numericColumns, tableOf, type AxisChoice, type ChartTable } from './chart-data.js';
import type { ChartFormat } from './chart-files.js';
import { chartSpec, type ChartType } from './chart-spec.js';
import { chartPage } from './html-page.js';
import { svgToPng } from './rasterize.js';
import { renderSvg } from './render-svg.js';

export interface ChartOptions {
  /** create_charts: labels (not numbers) on x, and two numeric columns for a scatter plot. */
  chooseSuitable: boolean;
  title?: string;
  /** create_charts: the one title given for all charts, put before each chart's description. */
  titlePrefix?: string;
  theme?: Record<string, unknown>;
}

/** A histogram bins one numeric column: x when given, else the first y, else the first numeric. */
function histogramColumn(rows: readonly Row[], parameters: Record<string, unknown>): string {
  const asked = [...columnList(parameters.x, 'x'), ...columnList(parameters.y, 'y')];
  requireColumns(rows, asked, 'visualization');
  const numeric = numericColumns(rows);
  const column = asked[0] ?? numeric[0];
  if (column === undefined)
    throw badInput(
      `a histogram needs a numeric column, and the data has none; the columns are ${listed(Object.keys(rows[0] ?? {}))}`,
    );
  if (!numeric.includes(column))
    throw badInput(
      `a histogram bins numbers, and column "${column}" does not hold numbers; the numeric columns are ${listed(numeric)}`,
    );
  return column;
}

function axesFor(
  type: ChartType,
  rows: readonly Row[],
  parameters: Record<string, unknown>,
  chooseSuitable: boolean,
): AxisChoice {
  if (type === 'histogram') return { y: [histogramColumn(rows, parameters)] };
  const asked =
    parameters.x !== undefined && parameters.x !== null ? true : parameters.y !== undefined && parameters.y !== null;
  if (type === 'scatter' && chooseSuitable && !asked) {
    const numeric = numericColumns(rows);
    if (numeric.length >= 2) return { x: numeric[0], y: [numeric[1]!] };
  }
  return chooseAxes(rows, parameters, { preferLabels: chooseSuitable });
}

/** What a chart shows, for its default title: "revenue by month", "distribution of age". */
export function describe(type: ChartType, table: ChartTable): string {
  if (type === 'histogram') return `distribution of ${table.yNames[0]}`;
  const values = type === 'pie' ? table.yNames[0] : table.yNames.join(', ');
  return `${values} by ${table.xName}`;
}

export async function drawSvg(
  type: ChartType,
  rows: readonly Row[],
  parameters: Record<string, unknown>,
  options: ChartOptions,
): Promise<{ svg: string; title: string }> {
  const table = tableOf(rows, axesFor(type, rows, parameters, options.chooseSuitable));
  const description = describe(type, table);
  const title = options.title ?? (options.titlePrefix ? `${options.titlePrefix}: ${description}` : description);
  return { svg: await renderSvg(chartSpec(type, table, title, options.theme)), title };
}

/** The file's content: the SVG itself, a page around it, or Chromium's picture of it. */
export async function encodeChart(
  svg: string,
  format: ChartFormat,
  title: string,
  context: ToolContext,
): Promise<string | Buffer> {
  if (format === 'svg') return svg;
  if (format === 'html') return chartPage(svg, title);
  return svgToPng(svg, context);
}
