// `orc list [--status S] [--pipeline ID] [--limit N] [--json]`: runs, newest first.
import { withEngine } from '../find-run.js';
import { listRuns, type RunFilter, type RunRow } from '../list-runs.js';
import { paint } from '../paint.js';
import { formatDuration, formatTimestamp } from '../step-rows.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from './command.js';

export const DEFAULT_LIST_LIMIT = 20;

export async function listCommand(
  args: RunFilter & { limit: number; json: boolean },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const rows = await listRuns(engine, args, args.limit);
    if (args.json) context.print(JSON.stringify(rows, null, 2));
    else if (rows.length === 0)
      context.note(
        `No runs${args.pipeline !== undefined ? ` of pipeline "${args.pipeline}"` : ''}${args.status ? ` with status ${args.status}` : ''}.`,
      );
    else context.print(renderRuns(rows, config.color));
    return EXIT.ok;
  });
}

export function renderRuns(rows: readonly RunRow[], color: boolean): string {
  const painter = paint(color);
  const table = rows.map((row) => [
    row.workflow_id,
    row.pipeline_id ?? '-',
    row.status,
    formatTimestamp(new Date(row.started_at)),
    `${formatDuration(row.duration_ms)}${row.closed_at ? '' : ' …'}`,
    ...(rows.some((other) => other.rerun_of) ? [row.rerun_of ?? '-'] : []),
  ]);
  const header = [
    ...['WORKFLOW ID', 'PIPELINE', 'STATUS', 'STARTED', 'DURATION'],
    ...(rows.some((row) => row.rerun_of) ? ['RERUN OF'] : []),
  ];
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
  const statusPaint = (status: string) =>
    status === 'completed' ? painter.green : status === 'running' ? painter.yellow : painter.red;
  const pad = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)));
  const body = table.map((cells) =>
    pad(cells)
      .map((cell, column) => (column === 2 ? statusPaint(cells[2]!)(cell) : cell))
      .join('  '),
  );
  return [painter.bold(pad(header).join('  ')), ...body].join('\n');
}
