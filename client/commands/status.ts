// `orc status RUN [--json | -o json|yaml]`: where a run stands — every step, pending approvals,
// usage so far.
import { outputFormatOf } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { formatDuration, formatTimestamp } from '../format-time.js';
import { paint } from '../paint.js';
import type { RunStatusReport } from '../run-status.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const RUN_DETAILS = 'RUN is a workflow id as orc run and orc list print it, optionally followed by /runId.';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'where a run stands: every step, pending approvals, usage so far',
  arguments: ['<RUN>'],
  options: OUTPUT_OPTIONS,
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const format = outputFormatOf(options);
    const [{ withEngine, findRun }, { runStatus }, { runLink }, { printDocument }, { stepRows }, approvals, stuck] =
      await Promise.all([
        import('../find-run.js'),
        import('../run-status.js'),
        import('../connect.js'),
        import('../output-format.js'),
        import('../step-rows.js'),
        import('../print-approvals.js'),
        import('../workflow-task-failure.js'),
      ]);
    return await withEngine(context.note, async (engine, config) => {
      const run = await findRun(engine, args[0]!);
      const report = await runStatus(engine, run, runLink(engine, run.description.workflowId, run.description.runId));
      if (format) printDocument(report, format, context);
      else {
        const now = Date.now();
        const steps = stepRows(report.steps, {
          color: config.color,
          now,
          waiting: new Set(report.pending_approvals.map((approval) => approval.step)),
        });
        const waiting = approvals.approvalLines(report.workflow_id, report.pending_approvals, {
          color: config.color,
          now,
        });
        const failing = report.workflow_task_failure
          ? stuck.workflowTaskFailureNote(report.workflow_task_failure, report.workflow_id)
          : undefined;
        context.print(renderStatus(report, config.color, { steps, waiting, failing }));
      }
      return EXIT.ok;
    });
  },
};

/** `failing`: what a failing workflow task means, when one fails. */
function renderStatus(
  report: RunStatusReport,
  color: boolean,
  { steps, waiting, failing }: { steps: string[]; waiting: string[]; failing?: string },
): string {
  const painter = paint(color);
  const state =
    report.status === 'running'
      ? painter.yellow('running')
      : report.status === 'completed' && !report.error
        ? painter.green(report.status)
        : painter.red(report.status);
  const time = `${report.closed_at ? 'in' : 'for'} ${formatDuration(report.duration_ms)}`;
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
  else if (failing) lines.push(painter.red(`Stuck: ${failing}`));
  if (steps.length > 0) lines.push('Steps:', ...steps);
  if (waiting.length > 0) lines.push('Waiting for approval:', ...waiting);
  if (report.usage) lines.push(`Usage${report.closed_at ? '' : ' so far'}: ${usageText(report.usage)}`);
  if (report.web_ui) lines.push(`Web UI: ${report.web_ui}`);
  return lines.join('\n');
}

function usageText(usage: NonNullable<RunStatusReport['usage']>): string {
  const calls = `${usage.model_calls} model call${usage.model_calls === 1 ? '' : 's'}`;
  return `${calls}, ${usage.input_tokens} input + ${usage.output_tokens} output tokens, $${usage.cost_usd.toFixed(4)}`;
}
