// visualization called directly: every chart type as SVG with the data's labels, HTML, PNG
// (when the machine has Chromium), create_charts, dashboards, and bad input as typed failures.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BUILT_IN_TOOL_IMPLEMENTATIONS,
  defaultToolSettings,
  type ToolContext,
} from '../../../activities/tools/index.js';
import { renderSvg } from '../../../activities/tools/visualization/render-svg.js';
import { failureOf, newWorkspace, toolCaller } from './call-tool.js';

let workspace = '';
beforeEach(async () => {
  workspace = await newWorkspace();
});
const call = toolCaller('visualization', () => workspace);
const read = (path: string) => readFile(join(workspace, path), 'utf8');
const hasChromium = await access('/usr/bin/chromium').then(
  () => true,
  () => false,
);

const SALES = [
  { month: '2024-01', revenue: 120.5, orders: 3 },
  { month: '2024-02', revenue: 98, orders: 2 },
  { month: '2024-03', revenue: 143.25, orders: 5 },
];
const SALES_CSV = 'region,units\nNorth,12\nSouth,7\nEast Coast,19\n';

/** Well-formed enough: one <svg> root whose tags all close, in order. */
function expectSvg(text: string): void {
  expect(text.startsWith('<svg')).toBe(true);
  expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  for (const [, closing, name, , selfClosing] of text.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s[^>]*?)?)(\/?)>/g)) {
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(stack).toEqual([]);
}

describe('visualization: create_chart', () => {
  it.each([
    ['bar', SALES, {}, ['2024-01', '2024-02', '2024-03', 'revenue', 'orders']],
    ['line', SALES, { y: 'revenue' }, ['2024-01', '2024-03', 'revenue']],
    ['area', SALES, { y: ['revenue', 'orders'] }, ['2024-02', 'revenue', 'orders']],
    ['scatter', SALES, { x: 'orders', y: 'revenue' }, ['orders', 'revenue']],
    ['pie', SALES_CSV, {}, ['North', 'South', 'East Coast', 'region']],
    ['histogram', SALES_CSV, {}, ['units', 'count']],
  ])('%s: valid SVG with the labels', async (chartType, data, extra, labels) => {
    const result = await call('create_chart', {
      data,
      chart_type: chartType,
      title: 'Sales & more',
      output_path: `out/${chartType}.svg`,
      ...extra,
    });
    expect(result).toEqual({ success: true, path: `out/${chartType}.svg`, format: 'svg', chart_type: chartType });
    const svg = await read(`out/${chartType}.svg`);
    expectSvg(svg);
    for (const label of [...labels, 'Sales &amp; more']) expect(svg, label).toContain(label);
  });

  it('reads JSON text and picks a name when output_path is absent', async () => {
    const result = await call('create_chart', { data: JSON.stringify(SALES), chart_type: 'bar' });
    expect(result.path).toBe('charts/s-bar.svg');
    expect(await read('charts/s-bar.svg')).toContain('2024-02');
  });

  it('escapes labels: data from a model cannot add markup to the SVG', async () => {
    await call('create_chart', {
      data: [{ name: '<img src=x onerror=alert(1)>', n: 1 }],
      chart_type: 'bar',
      output_path: 'x.svg',
    });
    const svg = await read('x.svg');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes a self-contained HTML page with the SVG inline', async () => {
    const result = await call('create_chart', {
      data: SALES,
      chart_type: 'line',
      format: 'html',
      title: '<b>Monthly</b>',
      output_path: 'out/line.html',
    });
    expect(result.format).toBe('html');
    const html = await read('out/line.html');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>&lt;b&gt;Monthly&lt;/b&gt;</title>');
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg[^>]*class="marks"/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('takes the format from output_path when format is absent', async () => {
    expect(await call('create_chart', { data: SALES, chart_type: 'bar', output_path: 'out/b.html' })).toMatchObject({
      format: 'html',
    });
  });

  it.skipIf(!hasChromium)('rasterizes PNG with Chromium', async () => {
    const result = await call('create_chart', {
      data: SALES,
      chart_type: 'bar',
      format: 'png',
      output_path: 'out/bar.png',
    });
    expect(result).toMatchObject({ success: true, format: 'png', path: 'out/bar.png' });
    const png = await readFile(join(workspace, 'out/bar.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThan(400);
  });

  it('fails PNG without Chromium, non-retryable, and says SVG and HTML work', async () => {
    const context: ToolContext = {
      workspaceRoot: workspace,
      stepId: 's',
      workflowId: 'w',
      runId: 'r',
      settings: defaultToolSettings({ browser: { chromiumPath: '/nonexistent/chromium' } }),
    };
    const action = BUILT_IN_TOOL_IMPLEMENTATIONS.visualization!.create_chart!;
    const failure = await failureOf(
      new MockActivityEnvironment().run(() => action({ data: SALES, chart_type: 'bar', format: 'png' }, context)),
    );
    expect(failure).toMatchObject({ type: 'BrowserUnavailable', nonRetryable: true });
    expect(failure.message).toMatch(/PNG charts need Chromium.*svg or html/);
  });
});

describe('visualization: create_charts and create_dashboard', () => {
  it('draws every type asked for into output_dir', async () => {
    const result = await call('create_charts', {
      data: SALES_CSV,
      chart_types: ['bar', 'line', 'scatter', 'pie', 'histogram', 'bar'],
      output_dir: 'charts',
      title: 'Units',
      theme: 'seaborn',
    });
    const charts = ['bar_chart', 'line_chart', 'scatter_chart', 'pie_chart', 'histogram_chart', 'bar_chart_2'].map(
      (name) => `charts/${name}.svg`,
    );
    expect(result).toEqual({ success: true, charts, output_dir: 'charts' });
    for (const path of charts) expectSvg(await read(path));
    expect(await read('charts/bar_chart.svg')).toContain('Units: units by region');
    expect(await read('charts/bar_chart.svg')).toContain('#4c72b0');
  });

  it('uses two numeric columns for a scatter plot when there are two', async () => {
    await call('create_charts', { data: SALES, chart_types: ['scatter'], output_dir: 'c', theme: 'no-such-theme' });
    expect(await read('c/scatter_chart.svg')).toContain('orders by revenue');
  });

  it.each(['grid', 'vertical'])('gathers SVG, HTML and PNG charts into one page (%s)', async (layout) => {
    const { charts } = await call('create_charts', { data: SALES, chart_types: ['bar', 'line'], output_dir: 'charts' });
    await call('create_chart', { data: SALES, chart_type: 'area', format: 'html', output_path: 'charts/area.html' });
    await writeFile(join(workspace, 'charts/tiny.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const result = await call('create_dashboard', {
      charts: [...(charts as string[]), { path: 'charts/area.html' }, 'charts/tiny.png'],
      layout,
      output_dir: 'site',
      title: 'Sales',
    });
    expect(result).toEqual({ success: true, url: 'site/dashboard.html', path: 'site/dashboard.html' });
    const html = await read('site/dashboard.html');
    expect(html.match(/<svg\b/g)).toHaveLength(3);
    expect(html).toContain(`class="charts ${layout}"`);
    expect(html).toContain('<h1>Sales</h1>');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toContain('<?xml');
  });

  it('reads a list of charts rendered to JSON text', async () => {
    const { charts } = await call('create_charts', { data: SALES, chart_types: ['pie'], output_dir: 'c' });
    expect(await call('create_dashboard', { charts: JSON.stringify(charts), output_dir: 'c' })).toMatchObject({
      path: 'c/dashboard.html',
    });
  });
});

describe('visualization: bad input', () => {
  it.each([
    [
      'no numeric column',
      'create_chart',
      { data: [{ a: 'x' }, { a: 'y' }], chart_type: 'bar' },
      /no numeric column.*"a"/,
    ],
    [
      'an unknown column',
      'create_chart',
      { data: SALES, chart_type: 'line', y: 'profit' },
      /unknown column "profit".*"month", "revenue", "orders"/,
    ],
    [
      'a y column of text',
      'create_chart',
      { data: SALES, chart_type: 'line', y: 'month' },
      /"month" does not hold numbers/,
    ],
    ['empty data', 'create_chart', { data: [], chart_type: 'bar' }, /no rows/],
    ['no data', 'create_chart', { data: '', chart_type: 'bar' }, /needs data/],
    [
      'an unknown chart type',
      'create_charts',
      { data: SALES, chart_types: ['bar', 'radar'], output_dir: 'c' },
      /chart type must be one of .* not "radar"/,
    ],
    [
      'an unknown format',
      'create_chart',
      { data: SALES, chart_type: 'bar', format: 'gif' },
      /format must be one of svg, png, html/,
    ],
    [
      'a histogram of text',
      'create_chart',
      { data: SALES, chart_type: 'histogram', x: 'month' },
      /"month" does not hold numbers/,
    ],
    ['an empty dashboard', 'create_dashboard', { charts: [], output_dir: 'd' }, /charts is empty/],
    ['a dashboard of a text file', 'create_dashboard', { charts: ['notes.txt'], output_dir: 'd' }, /not a chart file/],
  ])('%s', async (_what, action, parameters, message) => {
    const failure = await failureOf(call(action, parameters));
    expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    expect(failure.message).toMatch(message);
  });

  it('keeps files inside the workspace', async () => {
    const failure = await failureOf(
      call('create_chart', { data: SALES, chart_type: 'bar', output_path: '../escape.svg' }),
    );
    expect(failure).toMatchObject({ type: 'PathOutsideWorkspace', nonRetryable: true });
  });

  it('says which chart file of a dashboard is missing', async () => {
    const failure = await failureOf(call('create_dashboard', { charts: ['charts/none.svg'], output_dir: 'd' }));
    expect(failure).toMatchObject({ type: 'FileNotFound', nonRetryable: true });
  });

  it('never lets vega load a URL', async () => {
    const spec = {
      data: { url: 'http://127.0.0.1:9/data.json' },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'nominal' } },
    } as const;
    await expect(new MockActivityEnvironment().run(() => renderSvg(spec as never))).rejects.toThrow(
      /refusing to load "http:\/\/127\.0\.0\.1:9\/data\.json"/,
    );
  });
});
