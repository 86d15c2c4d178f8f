import { defineTool } from './definition.js';

const data = { type: 'any', required: true, description: 'rows as a list of objects, or JSON/CSV text' } as const;
const chartTypes = ['bar', 'line', 'scatter', 'pie', 'histogram', 'area'] as const;
const outputDir = {
  type: 'string',
  required: true,
  description: 'folder for the files, relative to the workspace root',
} as const;
const title = { type: 'string', description: 'the title shown above the chart or dashboard' } as const;

export const visualizationTool = defineTool({
  name: 'visualization',
  description: 'Charts from data as SVG, PNG or HTML, and HTML dashboards that gather them.',
  actions: {
    create_chart: {
      description: 'Draw one chart and save it.',
      parameters: {
        data,
        chart_type: { type: 'string', required: true, enum: chartTypes, description: 'the kind of chart' },
        x: {
          type: 'string',
          description: 'column for the x axis (or the labels of a pie); the first column if absent',
        },
        y: { type: 'any', description: 'column or columns for the y axis; the numeric columns if absent' },
        title,
        output_path: {
          type: 'string',
          description: 'where to save it, relative to the workspace root; a name is chosen if absent',
        },
        format: { type: 'string', default: 'svg', enum: ['svg', 'png', 'html'], description: 'the file format' },
      },
      returns: ['success', 'path', 'format', 'chart_type'],
      result: '{ success, path, format, chart_type }',
    },
    create_charts: {
      description: 'Draw several kinds of chart from the same data, choosing suitable columns for each.',
      parameters: {
        data,
        chart_types: { type: 'array', required: true, description: `the kinds of chart: ${chartTypes.join(', ')}` },
        output_dir: outputDir,
        title,
        theme: { type: 'string', description: 'a colour theme name; unknown names fall back to the default theme' },
      },
      returns: ['success', 'charts', 'output_dir'],
      result: '{ success, charts: [path], output_dir } — one SVG file per chart drawn',
    },
    create_dashboard: {
      description: 'Gather charts into one self-contained HTML page.',
      parameters: {
        charts: { type: 'array', required: true, description: 'paths of chart files (as create_charts returns them)' },
        layout: {
          type: 'string',
          default: 'grid',
          enum: ['grid', 'vertical'],
          description: 'how the charts are arranged',
        },
        output_dir: outputDir,
        title,
      },
      returns: ['success', 'url', 'path'],
      result: '{ success, url, path } — url is the dashboard file as a workspace-relative path',
    },
  },
});
