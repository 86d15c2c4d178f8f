// create_dashboard: chart files read from the workspace and gathered into one HTML page. SVG
// is inlined, PNG becomes a data: URL, and a chart page made by create_chart gives its SVG.
import { basename, extname, posix } from 'node:path';
import { badInput } from '../data-processing/index.js';
import type { ToolContext } from '../tool-implementation.js';
import { readWorkspaceFile, requiredText, writeWorkspaceFile } from './chart-files.js';
import { dashboardPage, escapeHtml, type EmbeddedChart } from './html-page.js';
import { parseJsonOr } from '../../../workflows/lang/json-text.js';

const LAYOUTS = ['grid', 'vertical'] as const;
type Layout = (typeof LAYOUTS)[number];
export const DASHBOARD_FILE = 'dashboard.html';
const CHART_KINDS: Readonly<Record<string, 'svg' | 'png'>> = {
  '.svg': 'svg',
  '.html': 'svg',
  '.htm': 'svg',
  '.png': 'png',
};

/** Paths from `charts`: text, or results that carry a `path` (create_chart's), one or a list. */
function chartPaths(charts: unknown): string[] {
  const value = typeof charts === 'string' && charts.trim().startsWith('[') ? jsonList(charts) : charts;
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const paths = list.map((item: unknown) =>
    typeof item === 'string'
      ? item
      : typeof item === 'object' && item !== null && typeof (item as { path?: unknown }).path === 'string'
        ? (item as { path: string }).path
        : undefined,
  );
  const bad = paths.findIndex((path) => path === undefined || path.trim() === '');
  if (bad >= 0)
    throw badInput(
      `charts must be a list of chart file paths (as create_charts returns them), but item ${bad} is ${JSON.stringify(list[bad])}`,
    );
  if (paths.length === 0)
    throw badInput('charts is empty: give the paths of the chart files to gather (as create_charts returns them)');
  return paths as string[];
}

/** A list rendered to text (`{{ charts | tojson }}`) is read back as the list. */
function jsonList(text: string): unknown {
  return parseJsonOr(text, text);
}

function layoutOf(value: unknown): Layout {
  if (value === undefined || value === null || value === '') return 'grid';
  const layout = String(value).trim().toLowerCase();
  if (!LAYOUTS.includes(layout as Layout))
    throw badInput(`layout must be grid or vertical — not ${JSON.stringify(value)}`);
  return layout as Layout;
}

/** The outermost <svg> element of a file's text, without an XML prolog or a doctype. */
function svgElement(text: string, path: string): string {
  const start = text.search(/<svg\b/i);
  const end = text.toLowerCase().lastIndexOf('</svg>');
  if (start < 0 || end < start) throw badInput(`"${path}" holds no SVG chart`);
  return text.slice(start, end + '</svg>'.length);
}

async function embed(context: ToolContext, path: string): Promise<EmbeddedChart> {
  const kind = CHART_KINDS[extname(path).toLowerCase()];
  if (!kind) throw badInput(`"${path}" is not a chart file: a dashboard gathers .svg, .png and .html charts`);
  const content = await readWorkspaceFile(context, path);
  const caption = basename(path);
  if (kind === 'png')
    return {
      markup: `<img alt="${escapeHtml(caption)}" src="data:image/png;base64,${content.toString('base64')}">`,
      caption,
    };
  return { markup: svgElement(content.toString('utf8'), path), caption };
}

export async function createDashboard(parameters: Record<string, unknown>, context: ToolContext) {
  const paths = chartPaths(parameters.charts);
  const layout = layoutOf(parameters.layout);
  const outputDir = requiredText(parameters.output_dir, 'output_dir');
  const title = typeof parameters.title === 'string' && parameters.title.trim() !== '' ? parameters.title : 'Dashboard';
  const charts: EmbeddedChart[] = [];
  for (const path of paths) charts.push(await embed(context, path));
  const path = posix.join(outputDir, DASHBOARD_FILE);
  await writeWorkspaceFile(context, path, dashboardPage(charts, layout, title));
  return { success: true, url: path, path };
}
