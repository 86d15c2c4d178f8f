// The data tools through real pipelines on the real server: filesystem, data-processing,
// validation and report-generator chained the way py-orc pipelines chain them, and a typed
// failure for bad input.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';

function compile(text: string): PipelineIR {
  const result = compilePipeline(text, { file: 'data-tools.yaml' });
  if (!result.ir)
    throw new Error(result.diagnostics.map((item) => `${item.range.line}: ${item.code} ${item.message}`).join('\n'));
  return result.ir;
}

const SALES = `order_id,customer_id,product_name,quantity,unit_price,order_date,status
ORD-000001,C1,Widget,2,10.5,2024-01-15,shipped
ORD-000002,C2,Gadget,1,99,2024-01-20,cancelled
ORD-000003,C1,Widget,,10.5,2024-02-03,
ORD-4,C3,Gadget,3,99,2024-02-10,delivered
`;

const PIPELINE = `
id: data-tools
parameters:
  folder: { type: string, default: sales }
steps:
  - id: inbox
    tool: filesystem
    action: list
    parameters: { path: "{{ folder }}", pattern: "*.csv" }
  - id: read
    tool: filesystem
    action: read
    parameters: { path: "{{ inbox.items[0].path }}" }
  - id: check
    tool: validation
    action: validate
    parameters:
      data: "{{ read.content }}"
      mode: LENIENT
      schema:
        type: object
        properties:
          order_id: { type: string, pattern: "^ORD-[0-9]{6}$" }
          quantity: { type: integer, minimum: 1 }
          order_date: { type: string, format: date }
        required: [order_id, unit_price]
  - id: profile
    tool: data-processing
    action: profile
    parameters: { data: "{{ read.content }}", format: csv }
  - id: clean
    tool: data-processing
    action: transform
    parameters:
      data: "{{ check.data if check.valid else read.content }}"
      operations:
        - { type: fill_missing, strategy: { quantity: 1, status: pending } }
        - { type: calculate, expressions: { total: "quantity * unit_price", month: "DATE_FORMAT(order_date, '%Y-%m')" } }
        - { type: filter, condition: "status != 'cancelled'" }
  - id: monthly
    tool: data-processing
    action: aggregate
    parameters:
      data: "{{ clean.processed_data }}"
      group_by: [month]
      aggregations:
        revenue: { column: total, function: sum }
        orders: { column: order_id, function: count }
  - id: export
    tool: data-processing
    action: convert
    parameters: { data: "{{ monthly.processed_data }}", output_format: csv }
  - id: save_csv
    tool: filesystem
    action: write
    parameters: { path: "out/monthly.csv", content: "{{ export.processed_data }}" }
  - id: report
    tool: report-generator
    action: generate
    parameters:
      title: Monthly sales
      format: html
      output_path: out/report.html
      content: |
        {{ profile.processed_data.row_count }} orders read; {{ clean.row_count }} kept.

        | Month | Revenue | Orders |
        |---|---|---|
        {% for row in monthly.processed_data %}| {{ row.month }} | {{ row.revenue }} | {{ row.orders }} |
        {% endfor %}
  - id: archive
    tool: filesystem
    action: copy
    parameters: { path: "{{ read.path }}", destination: archive/ }
    dependencies: [report, save_csv]
  - id: tidy
    tool: filesystem
    action: delete
    parameters: { path: "{{ read.path }}" }
    dependencies: [archive]
  - id: archived
    tool: filesystem
    action: exists
    parameters: { path: archive/orders.csv }
    dependencies: [tidy]
outputs:
  valid: "{{ check.valid }}"
  warnings: "{{ check.warnings | length }}"
  months: "{{ monthly.processed_data }}"
  quantity_missing: "{{ profile.processed_data.columns.quantity.missing_count }}"
  report: "{{ report.filepath }}"
  archived: "{{ archived.exists }}"
`;

describe('data tools in a pipeline', () => {
  it('lists, reads, validates, profiles, transforms, aggregates, exports, reports and archives', async () => {
    const ir = compile(PIPELINE);
    await withWorker(async (engine) => {
      await mkdir(join(engine.workspaceRoot, 'sales'));
      await writeFile(join(engine.workspaceRoot, 'sales/orders.csv'), SALES);
      await writeFile(join(engine.workspaceRoot, 'sales/notes.txt'), 'not data');
      const document = await runPipelineDocument(engine, ir);
      expect(document.status, JSON.stringify(document.steps, null, 1)).toBe('completed');
      expect(document.outputs).toEqual({
        valid: true,
        warnings: 1, // ORD-4 does not match the pattern: reported, not fatal, in lenient mode
        months: [
          { month: '2024-01', revenue: 21, orders: 1 },
          { month: '2024-02', revenue: 307.5, orders: 2 },
        ],
        quantity_missing: 1,
        report: 'out/report.html',
        archived: true,
      });
      expect(await readFile(join(engine.workspaceRoot, 'out/monthly.csv'), 'utf8')).toBe(
        'month,revenue,orders\n2024-01,21,1\n2024-02,307.5,2\n',
      );
      const html = await readFile(join(engine.workspaceRoot, 'out/report.html'), 'utf8');
      expect(html).toContain('<title>Monthly sales</title>');
      expect(html).toContain('<td>2024-02</td>');
      expect(html).toContain('4 orders read; 3 kept.');
    });
  });

  it('fails a step with a typed, non-retried error naming the unknown column', async () => {
    const ir = compile(`
id: data-tools-bad-column
steps:
  - id: sort
    tool: data-processing
    action: sort
    parameters: { data: [{ a: 1 }, { a: 2 }], by: amount }
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status).toBe('failed');
      expect(document.steps.sort).toMatchObject({ status: 'failed', attempts: 1 });
      expect(JSON.stringify(document.steps.sort)).toContain('unknown column \\"amount\\"; the columns are \\"a\\"');
    });
  });
});
