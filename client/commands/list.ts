// `orc list [--status S] [--pipeline ID] [--limit N] [--json | -o json|yaml]`: runs, newest first.
import { optionalString, outputFormatOf, positiveInteger } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatDuration, formatTimestamp } from '../format-time.js';
import { LIST_STATUSES, type RunRow } from '../list-runs.js';
import { paint } from '../paint.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

const DEFAULT_LIST_LIMIT = 20;
/** As list-runs.ts filters them (Temporal's ExecutionStatus). */
const STATUSES = [...LIST_STATUSES];

export const listCommand: CommandSpec = {
  name: 'list',
  summary: `runs, newest first (${DEFAULT_LIST_LIMIT} unless --limit)`,
  options: [
    { flags: '--status <STATUS>', description: 'only runs in this state', choices: STATUSES },
    { flags: '--pipeline <ID>', description: 'only runs of this pipeline' },
    { flags: '--limit <N>', description: `at most N runs (default ${DEFAULT_LIST_LIMIT}, at most 1000)` },
    ...OUTPUT_OPTIONS,
  ],
  run: async ({ options }, context) => {
    const limit = positiveInteger(options.limit, '--limit') ?? DEFAULT_LIST_LIMIT;
    if (limit > 1_000) throw new CliError(`--limit ${limit} is more than 1000`, EXIT.invalid);
    const format = outputFormatOf(options);
    const pipeline = optionalString(options.pipeline);
    const [{ withEngine }, { listRuns, parseListStatus }, { printDocument }] = await Promise.all([
      import('../find-run.js'),
      import('../list-runs.js'),
      import('../output-format.js'),
    ]);
    const status = parseListStatus(optionalString(options.status));
    return await withEngine(context.note, async (engine, config) => {
      const rows = await listRuns(
        engine,
        { ...(status ? { status } : {}), ...(pipeline !== undefined ? { pipeline } : {}) },
        limit,
      );
      if (format) printDocument(rows, format, context);
      else if (rows.length === 0)
        context.note(
          `No runs${pipeline !== undefined ? ` of pipeline "${pipeline}"` : ''}${status ? ` with status ${status}` : ''}.`,
        );
      else context.print(renderRuns(rows, config.color));
      return EXIT.ok;
    });
  },
};

function renderRuns(rows: readonly RunRow[], color: boolean): string {
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
    status === 'completed'
      ? painter.green
      : status === 'running' || status === 'waiting' || status === 'paused'
        ? painter.yellow
        : painter.red;
  const pad = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)));
  const body = table.map((cells) =>
    pad(cells)
      .map((cell, column) => (column === 2 ? statusPaint(cells[2]!)(cell) : cell))
      .join('  '),
  );
  return [painter.bold(pad(header).join('  ')), ...body].join('\n');
}
