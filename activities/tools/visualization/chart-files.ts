// Chart files in the workspace: the format a call asks for, default names, and writing and
// reading them through the workspace confinement (workspace-files/), as filesystem does.
import { extname, posix } from 'node:path';
import { badInput } from '../data-processing/index.js';
import type { ToolContext } from '../tool-implementation.js';
import {
  readWorkspaceFile as readFromWorkspace,
  writeWorkspaceFile as writeToWorkspace,
} from '../workspace-files/index.js';

export const CHART_FORMATS = ['svg', 'png', 'html'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, ChartFormat>> = {
  '.svg': 'svg',
  '.png': 'png',
  '.html': 'html',
  '.htm': 'html',
};

/** `format` when given, else what `output_path` ends with, else SVG. */
export function chartFormatOf(format: unknown, outputPath: unknown): ChartFormat {
  if (format !== undefined && format !== null && format !== '') {
    const wanted = String(format).trim().toLowerCase();
    if (!CHART_FORMATS.includes(wanted as ChartFormat))
      throw badInput(`format must be one of ${CHART_FORMATS.join(', ')} — not ${JSON.stringify(format)}`);
    return wanted as ChartFormat;
  }
  return typeof outputPath === 'string' ? (EXTENSIONS[extname(outputPath).toLowerCase()] ?? 'svg') : 'svg';
}

/** A name that stays the same across retries of the step, so a retry overwrites its own file. */
export function defaultChartPath(stepId: string, chartType: string, format: ChartFormat): string {
  const safe = stepId.replace(/[^\w.-]+/g, '_') || 'chart';
  return posix.join('charts', `${safe}-${chartType}.${format}`);
}

export function requiredText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw badInput(`${name} must be a path relative to the workspace root, not ${JSON.stringify(value)}`);
  return value;
}

export async function writeWorkspaceFile(context: ToolContext, path: string, content: string | Buffer): Promise<void> {
  await writeToWorkspace(context.workspaceRoot, path, content);
}

export async function readWorkspaceFile(context: ToolContext, path: string): Promise<Buffer> {
  return readFromWorkspace(context.workspaceRoot, path);
}
