// The visualization tool through a real pipeline on the real server: rows aggregated by
// data-processing, drawn by create_chart and create_charts, gathered by create_dashboard; and a
// chart of data with no numbers failing once, typed, without retries.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

const PIPELINE = `
id: visualization-pipeline
steps:
  - id: monthly
    tool: data-processing
    action: aggregate
    parameters:
      data: "month,region,revenue\\n2024-01,North,10\\n2024-01,South,5\\n2024-02,North,7\\n2024-03,South,12\\n"
      format: csv
      group_by: [month]
      aggregations:
        revenue: { column: revenue, function: sum }
        sales: { column: region, function: count }
  - id: revenue
    tool: visualization
    action: create_chart
    parameters:
      data: "{{ monthly.processed_data }}"
      chart_type: line
      y: revenue
      title: Revenue per month
      format: html
      output_path: out/revenue.html
  - id: overview
    tool: visualization
    action: create_charts
    parameters:
      data: "{{ monthly.processed_data }}"
      chart_types: [bar, pie]
      output_dir: out/charts
      theme: seaborn
  - id: dashboard
    tool: visualization
    action: create_dashboard
    parameters:
      charts: "{{ overview.charts + [revenue.path] }}"
      layout: vertical
      title: Sales
      output_dir: out
outputs:
  charts: "{{ overview.charts }}"
  dashboard: "{{ dashboard.url }}"
`;

describe('visualization in a pipeline', () => {
  it('aggregates, draws charts and gathers them into a dashboard', async () => {
    const ir = compileTest(PIPELINE, 'visualization-pipeline.yaml');
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status, JSON.stringify(document.steps, null, 1)).toBe('completed');
      expect(document.outputs).toEqual({
        charts: ['out/charts/bar_chart.svg', 'out/charts/pie_chart.svg'],
        dashboard: 'out/dashboard.html',
      });
      const bar = await readFile(join(engine.workspaceRoot, 'out/charts/bar_chart.svg'), 'utf8');
      for (const label of ['2024-01', '2024-02', '2024-03', 'revenue', 'sales']) expect(bar).toContain(label);
      const html = await readFile(join(engine.workspaceRoot, 'out/dashboard.html'), 'utf8');
      expect(html).toContain('<h1>Sales</h1>');
      expect(html.match(/<svg\b/g)).toHaveLength(3);
      expect(html).toContain('Revenue per month');
    });
  });

  it('fails a chart of data without numbers once, with a typed error', async () => {
    const ir = compileTest(`
id: visualization-bad-data
steps:
  - id: chart
    tool: visualization
    action: create_chart
    parameters: { data: [{ name: a }, { name: b }], chart_type: bar }
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status).toBe('failed');
      expect(document.steps.chart).toMatchObject({ status: 'failed', attempts: 1 });
      expect(JSON.stringify(document.steps.chart)).toContain('no numeric column to draw');
    });
  });
});
