// The result document for people: each step's state, the outputs, the error.
import type { ResultDocument, StepReport } from '../workflows/result-document.js';
import type { OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';
import { EXIT } from './exit-codes.js';
import { formatDuration } from './format-time.js';
import { printDocument } from './output-format.js';
import { paint } from './paint.js';
import { printable } from './printable.js';

/** A step's state as one mark: the result's lines and the live view's rows (step-rows.ts). */
export const STEP_MARKS: Record<string, string> = {
  completed: '✓',
  failed: '✗',
  skipped: '↷',
  cancelled: '⊘',
  running: '▶',
  pending: '·',
};

export function stepLine(id: string, step: StepReport, color: boolean): string {
  const painter = paint(color);
  const mark = STEP_MARKS[step.status] ?? '?';
  const painted =
    step.status === 'completed'
      ? painter.green(mark)
      : step.status === 'failed'
        ? painter.red(mark)
        : painter.dim(mark);
  const attempts = step.attempts && step.attempts > 1 ? `, ${step.attempts} attempts` : '';
  const time =
    step.duration_ms !== undefined ? ` ${painter.dim(`(${formatDuration(step.duration_ms)}${attempts})`)}` : '';
  const error = step.error ? ` — ${step.error.type}: ${step.error.message}` : '';
  return `  ${painted} ${printable(id)} ${step.status}${time}${printable(error)}${reusedNote(step)}`;
}

/** ` · reused from RUN`, or how many calls were, for a rerun's steps. */
export function reusedNote(step: StepReport): string {
  if (step.reused) return ` · reused from ${printable(step.reused.run)}`;
  if (step.reused_calls) return ` · ${step.reused_calls} call${step.reused_calls === 1 ? '' : 's'} reused`;
  if (step.cached) return ` · cached (answered by the response cache)`;
  return step.cached_calls ? ` · ${step.cached_calls} call${step.cached_calls === 1 ? '' : 's'} cached` : '';
}

export function renderResult(document: ResultDocument, color: boolean): string {
  const painter = paint(color);
  const lines: string[] = [];
  const verdict =
    document.status === 'completed' && document.success
      ? painter.green('completed')
      : painter.red(document.status === 'completed' ? 'completed with failed steps' : document.status);
  lines.push(`Run ${verdict} in ${formatDuration(document.run.duration_ms)}.`);
  if (document.error)
    lines.push(
      painter.red(
        printable(
          `Error${document.error.step ? ` in step "${document.error.step}"` : ''}: ${document.error.type}: ${document.error.message}`,
        ),
      ),
    );
  const outputs = Object.entries(document.outputs);
  if (outputs.length > 0) {
    lines.push('Outputs:');
    // Outputs come from models and tools: shown, never obeyed by the terminal.
    // A value of several lines starts on the next line, so no space follows the colon.
    for (const [name, value] of outputs) {
      const shown = printable(formatValue(value));
      lines.push(`  ${painter.bold(printable(name))}:${shown.startsWith('\n') ? '' : ' '}${shown}`);
    }
  }
  if (document.reuse)
    lines.push(
      `Reused ${document.reuse.reused_calls} call${document.reuse.reused_calls === 1 ? '' : 's'} of run ${printable(document.reuse.workflow_id)}; ${document.reuse.live_calls} made live.`,
    );
  for (const warning of document.warnings ?? []) lines.push(painter.yellow(`warning: ${printable(warning)}`));
  return lines.join('\n');
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return text.includes('\n')
    ? `\n${text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}`
    : text;
}

/** The document on stdout: JSON or YAML, or for people with the run's Web UI link. */
export function printResultDocument(
  document: ResultDocument,
  options: { format?: OutputFormat; color: boolean; link?: string },
  context: CommandContext,
): void {
  if (options.format) {
    printDocument(document, options.format, context);
    return;
  }
  context.print(renderResult(document, options.color));
  if (options.link) context.print(`Web UI: ${options.link}`);
}

/** 0 only when the run completed and every step succeeded or was skipped (cli.md). */
export function exitCodeOf(document: ResultDocument): number {
  return document.status === 'completed' && document.success ? EXIT.ok : EXIT.runFailed;
}
