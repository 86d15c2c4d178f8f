// A schedule as `orc schedule describe|list` show it: plain JSON built from Temporal's
// description (the pipeline from the embedded IR, the timing from the action's memo), and the
// human form of the same.
import { ScheduleNotFoundError, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import type { RunPipelineInput } from '../workflows/lang/ir.js';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { displayStatus } from './list-runs.js';
import { paint } from './paint.js';
import { overlapName, TIMING_MEMO_KEY, type ScheduleTiming } from './schedule-definition.js';
import { formatTimestamp } from './format-time.js';

export interface ScheduledRun {
  workflow_id: string;
  run_id: string;
  scheduled_at: string;
  started_at: string;
  /** As `orc list` says it; `unknown` when the run is gone (retention). */
  status: string;
}

/** What `orc schedule describe --json` prints (and each item of `orc schedule list --json`). */
export interface ScheduleDocument {
  schedule_id: string;
  pipeline: { id: string; name: string; version: string | null; hash: string; source_file: string } | null;
  timing: ScheduleTiming & { text: string };
  overlap: string;
  paused: boolean;
  note: string | null;
  inputs: Record<string, unknown>;
  task_queue: string;
  workflow_id_prefix: string;
  actions_taken: number;
  created_at: string;
  updated_at: string | null;
  next_runs: string[];
  recent_runs: ScheduledRun[];
  running: { workflow_id: string; run_id: string }[];
}

/** describe(), with an unknown id said plainly (exit 2). */
export async function describeOrExplain(
  engine: Engine,
  scheduleId: string,
): Promise<{ handle: ScheduleHandle; description: ScheduleDescription }> {
  const handle = engine.client.schedule.getHandle(scheduleId);
  try {
    return { handle, description: await handle.describe() };
  } catch (error) {
    throw notFoundOr(error, engine, scheduleId);
  }
}

export function notFoundOr(error: unknown, engine: Engine, scheduleId: string): unknown {
  if (error instanceof ScheduleNotFoundError)
    return new CliError(
      `no schedule "${scheduleId}" in namespace "${engine.namespace}" on ${engine.address}`,
      EXIT.invalid,
      'orc schedule list shows the schedules',
    );
  return error;
}

export async function scheduleDocument(
  engine: Engine,
  scheduleId: string,
  description: ScheduleDescription,
  withStatuses: boolean,
): Promise<ScheduleDocument> {
  const action = description.action;
  const input = (action.args?.[0] ?? undefined) as RunPipelineInput | undefined;
  const ir = input && typeof input === 'object' && 'ir' in input ? input.ir : undefined;
  const timing = (action.memo?.[TIMING_MEMO_KEY] ?? timingFromSpec(description)) as ScheduleTiming;
  const recent = description.info.recentActions.slice().reverse();
  return {
    schedule_id: scheduleId,
    pipeline: ir
      ? { id: ir.id, name: ir.name, version: ir.version ?? null, hash: ir.hash, source_file: ir.source_file }
      : null,
    timing: { ...timing, text: timingText(timing) },
    overlap: overlapName(description.policies.overlap),
    paused: description.state.paused,
    note: description.state.note || null,
    inputs: input?.inputs ?? {},
    task_queue: action.taskQueue,
    workflow_id_prefix: action.workflowId,
    actions_taken: description.info.numActionsTaken,
    created_at: description.info.createdAt.toISOString(),
    updated_at: description.info.lastUpdatedAt?.toISOString() ?? null,
    next_runs: description.info.nextActionTimes.map((time) => time.toISOString()),
    recent_runs: await Promise.all(
      recent.map(async (result) =>
        scheduledRun(engine, result.action.workflow, result.scheduledAt, result.takenAt, withStatuses),
      ),
    ),
    running: description.info.runningActions.map((running) => ({
      workflow_id: running.workflow.workflowId,
      run_id: running.workflow.firstExecutionRunId,
    })),
  };
}

async function scheduledRun(
  engine: Engine,
  workflow: { workflowId: string; firstExecutionRunId: string },
  scheduledAt: Date,
  takenAt: Date,
  withStatus: boolean,
): Promise<ScheduledRun> {
  let status = 'unknown';
  if (withStatus) {
    try {
      // Without a run id: a run that continued as new is followed to its latest run.
      const now = await engine.client.workflow.getHandle(workflow.workflowId).describe();
      status = displayStatus(now.status.name, undefined);
    } catch {
      // Gone (retention) or unreadable: the schedule's own record still stands.
    }
  }
  return {
    workflow_id: workflow.workflowId,
    run_id: workflow.firstExecutionRunId,
    scheduled_at: scheduledAt.toISOString(),
    started_at: takenAt.toISOString(),
    status,
  };
}

/** For schedules made by other tools: intervals read back exactly; calendars only summarised. */
function timingFromSpec(description: ScheduleDescription): ScheduleTiming {
  const every = description.spec.intervals?.[0]?.every;
  return {
    ...(every ? { every_ms: every } : {}),
    ...(description.spec.timezone ? { timezone: description.spec.timezone } : {}),
  };
}

export function timingText(timing: ScheduleTiming): string {
  const when = timing.cron
    ? `cron "${timing.cron}"`
    : timing.every_ms
      ? `every ${everyText(timing.every_ms)}`
      : 'calendar (made outside orc)';
  return `${when}${timing.timezone ? ` (${timing.timezone})` : ''}`;
}

/** 2s, 90s, 5m, 2h, 1d: as a pipeline file would write it. */
function everyText(milliseconds: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const [size, unit] = units.find(([size]) => milliseconds % size === 0) ?? [1, 'ms'];
  return `${milliseconds / size}${unit}`;
}

export function renderSchedule(document: ScheduleDocument, color: boolean): string {
  const painter = paint(color);
  const pipeline = document.pipeline;
  const lines = [
    `Schedule ${painter.bold(document.schedule_id)}${document.paused ? painter.yellow(' (paused)') : ''}: ${document.timing.text}, overlap ${document.overlap}`,
    pipeline
      ? `  pipeline "${pipeline.id}" (${pipeline.name}) from ${pipeline.source_file}, ${pipeline.hash.slice(0, 19)}…`
      : '  pipeline: not an orc pipeline',
    `  runs as ${document.workflow_id_prefix}-<time> on task queue ${document.task_queue} · ${document.actions_taken} taken so far`,
  ];
  if (document.note) lines.push(`  note: ${document.note}`);
  const inputs = Object.entries(document.inputs);
  if (inputs.length > 0)
    lines.push(`  inputs: ${inputs.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(' ')}`);
  lines.push(
    document.paused
      ? 'Next runs: none while paused'
      : `Next runs: ${
          document.next_runs
            .slice(0, 5)
            .map((time) => formatTimestamp(new Date(time)))
            .join(', ') || 'none'
        }`,
  );
  if (document.recent_runs.length === 0) lines.push('Recent runs: none yet');
  else {
    lines.push('Recent runs:');
    for (const run of document.recent_runs)
      lines.push(`  ${formatTimestamp(new Date(run.started_at))}  ${run.workflow_id}  ${run.status}`);
  }
  return lines.join('\n');
}

export function renderScheduleTable(documents: readonly ScheduleDocument[], color: boolean): string {
  const painter = paint(color);
  const header = ['SCHEDULE', 'PIPELINE', 'WHEN', 'STATE', 'NEXT RUN', 'LAST RUN'];
  const rows = documents.map((item) => [
    item.schedule_id,
    item.pipeline?.id ?? '-',
    item.timing.text,
    item.paused ? 'paused' : 'active',
    item.paused ? '-' : item.next_runs[0] ? formatTimestamp(new Date(item.next_runs[0])) : '-',
    item.recent_runs[0] ? formatTimestamp(new Date(item.recent_runs[0].started_at)) : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [painter.bold(line(header)), ...rows.map(line)].join('\n');
}
