// `orc status RUN [--json]`: where a run stands — every step, pending approvals, usage so far.
import { runLink } from '../connect.js';
import { findRun, withEngine } from '../find-run.js';
import { paint } from '../paint.js';
import { approvalLines } from '../print-approvals.js';
import { runStatus, type RunStatusReport } from '../run-status.js';
import { formatDuration, formatTimestamp, stepRows } from '../step-rows.js';
import { EXIT } from '../exit-codes.js';
import { workflowTaskFailureNote } from '../workflow-task-failure.js';
import type { CommandContext } from './command.js';

export async function statusCommand(args: { run: string; json: boolean }, context: CommandContext): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const run = await findRun(engine, args.run);
    const report = await runStatus(engine, run, runLink(engine, run.description.workflowId, run.description.runId));
    context.print(args.json ? JSON.stringify(report, null, 2) : renderStatus(report, config.color, Date.now()));
    return EXIT.ok;
  });
}

export function renderStatus(report: RunStatusReport, color: boolean, now: number): string {
  const painter = paint(color);
  const state =
    report.status === 'running'
      ? painter.yellow('running')
      : report.status === 'completed' && !report.error
        ? painter.green(report.status)
        : painter.red(report.status);
  const time = report.closed_at
    ? `in ${formatDuration(report.duration_ms)}`
    : `for ${formatDuration(report.duration_ms)}`;
  const lines = [
    `Run ${painter.bold(report.workflow_id)}${report.pipeline_id ? ` of pipeline "${report.pipeline_id}"` : ''}: ${state} ${time}`,
    painter.dim(
      `  started ${formatTimestamp(new Date(report.started_at))} · run id ${report.run_id} · task queue ${report.task_queue}`,
    ),
  ];
  if (report.error)
    lines.push(
      painter.red(
        `Error${report.error.step ? ` in step "${report.error.step}"` : ''}: ${report.error.type}: ${report.error.message}`,
      ),
    );
  if (report.note) lines.push(painter.yellow(`Steps unknown: ${report.note}`));
  else if (report.workflow_task_failure)
    lines.push(painter.red(`Stuck: ${workflowTaskFailureNote(report.workflow_task_failure, report.workflow_id)}`));
  const steps = stepRows(report.steps, { color, now });
  if (steps.length > 0) lines.push('Steps:', ...steps);
  if (report.pending_approvals.length > 0)
    lines.push('Waiting for approval:', ...approvalLines(report.workflow_id, report.pending_approvals, { color, now }));
  if (report.usage) lines.push(`Usage${report.closed_at ? '' : ' so far'}: ${usageText(report.usage)}`);
  if (report.web_ui) lines.push(`Web UI: ${report.web_ui}`);
  return lines.join('\n');
}

function usageText(usage: NonNullable<RunStatusReport['usage']>): string {
  const calls = `${usage.model_calls} model call${usage.model_calls === 1 ? '' : 's'}`;
  return `${calls}, ${usage.input_tokens} input + ${usage.output_tokens} output tokens, $${usage.cost_usd.toFixed(4)}`;
}
