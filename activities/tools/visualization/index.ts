// The visualization tool: charts drawn with vega-lite and rendered to SVG by vega (no canvas),
// saved as SVG, HTML (the SVG inline) or PNG (rasterized by Chromium), and HTML dashboards that
// gather them. Files are written inside the workspace only.
import { posix } from 'node:path';
import { badInput } from '../data-processing/index.js';
import type { ToolImplementation } from '../tool-implementation.js';
import { readRows } from './chart-data.js';
import { chartFormatOf, defaultChartPath, requiredText, writeWorkspaceFile } from './chart-files.js';
import { chartTypeOf, type ChartType } from './chart-spec.js';
import { createDashboard } from './dashboard.js';
import { drawSvg, encodeChart } from './draw-chart.js';
import { themeConfig } from './themes.js';

const textOrUndefined = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function chartTypesOf(value: unknown): ChartType[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  if (list.length === 0)
    throw badInput(`chart_types must be a non-empty list of chart types, not ${JSON.stringify(value)}`);
  return list.map(chartTypeOf);
}

/** bar_chart.svg, line_chart.svg…; a type asked for twice gets bar_chart_2.svg. */
function chartFileNames(types: readonly ChartType[]): string[] {
  const seen = new Map<ChartType, number>();
  return types.map((type) => {
    const count = (seen.get(type) ?? 0) + 1;
    seen.set(type, count);
    return `${type}_chart${count > 1 ? `_${count}` : ''}.svg`;
  });
}

export const visualization: ToolImplementation = {
  async create_chart(parameters, context) {
    const chartType = chartTypeOf(parameters.chart_type);
    const format = chartFormatOf(parameters.format, parameters.output_path);
    const path =
      parameters.output_path === undefined || parameters.output_path === null
        ? defaultChartPath(context.stepId, chartType, format)
        : requiredText(parameters.output_path, 'output_path');
    const rows = readRows(parameters.data, 'create_chart');
    const { svg, title } = await drawSvg(chartType, rows, parameters, {
      chooseSuitable: false,
      title: textOrUndefined(parameters.title),
    });
    await writeWorkspaceFile(context, path, await encodeChart(svg, format, title, context));
    return { success: true, path, format, chart_type: chartType };
  },

  async create_charts(parameters, context) {
    const types = chartTypesOf(parameters.chart_types);
    const outputDir = requiredText(parameters.output_dir, 'output_dir');
    const rows = readRows(parameters.data, 'create_charts');
    const theme = themeConfig(parameters.theme);
    const title = textOrUndefined(parameters.title);
    const names = chartFileNames(types);
    const charts: string[] = [];
    for (const [index, type] of types.entries()) {
      const { svg } = await drawSvg(type, rows, {}, { chooseSuitable: true, theme, titlePrefix: title });
      const path = posix.join(outputDir, names[index]!);
      await writeWorkspaceFile(context, path, svg);
      charts.push(path);
    }
    return { success: true, charts, output_dir: outputDir };
  },

  create_dashboard: (parameters, context) => createDashboard(parameters, context),
};
