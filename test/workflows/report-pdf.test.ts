// report-generator with format pdf through a real pipeline on the real server: the worker prints
// the report with Chromium (it used to pass `orc validate` and fail at run time with Unsupported).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../activities/tools/headless-browser.js';
import { pdfText } from '../support/pdf-text.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

// CI installs Chromium (apt-get install chromium); without it this test is skipped.
const chromium = await findChromium(process.env.ORC_CHROMIUM);

const PIPELINE = `
id: pdf-report
parameters:
  quarter: {type: string, default: Q3}
  sales: {type: array, default: [{region: North, revenue: 10}, {region: South, revenue: 5}, {region: North, revenue: 7}]}
steps:
  - id: totals
    tool: data-processing
    action: aggregate
    parameters:
      data: "{{ parameters.sales }}"
      group_by: [region]
      aggregations: {revenue: {column: revenue, function: sum}}
  - id: report
    tool: report-generator
    action: generate
    parameters:
      title: "Sales {{ parameters.quarter }}"
      content: |
        Revenue by region:
        {% for row in totals.processed_data %}
        - {{ row.region }}: {{ row.revenue }}
        {% endfor %}
      format: pdf
      output_path: reports/sales.pdf
outputs:
  file: "{{ report.result.filepath }}"
  size: "{{ report.result.size }}"
`;

describe('report-generator format pdf', () => {
  it.skipIf(!chromium)('writes a PDF whose text is the rendered report', async () => {
    const ir = compileTest(PIPELINE);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.success).toBe(true);
      expect(document.outputs.file).toBe('reports/sales.pdf');
      const pdf = await readFile(join(engine.workspaceRoot, 'reports/sales.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(document.outputs.size).toBe(pdf.length);
      const text = pdfText(pdf);
      expect(text).toContain('Sales Q3');
      expect(text).toContain('Revenue by region:');
      expect(text).toContain('North: 17');
      expect(text).toContain('South: 5');
    });
  });
});
