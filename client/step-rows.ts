// One aligned line per step — state mark, id, state, attempt, time, error — shared by the
// live view of `orc run`/`orc watch` and by `orc status`.
import type { StepReport } from '../workflows/result-document.js';
import { formatDuration } from './format-time.js';
import { paint } from './paint.js';
import { reusedNote, STEP_MARKS } from './print-result.js';

export interface StepRowOptions {
  color: boolean;
  /** Now, for the elapsed time of running steps. */
  now: number;
  /** Terminal width: longer lines are cut, so a redrawn block keeps its height. */
  columns?: number;
  /** Running steps that wait for a person (the run's pending approvals): shown as `waiting`. */
  waiting?: ReadonlySet<string>;
}

const WAITING_MARK = '⏸';

export function stepRows(steps: Record<string, StepReport>, options: StepRowOptions): string[] {
  const entries = Object.entries(steps);
  const idWidth = Math.min(40, Math.max(0, ...entries.map(([id]) => id.length)));
  return entries.map(([id, step]) => stepRow(id, step, idWidth, options));
}

function stepRow(id: string, step: StepReport, idWidth: number, options: StepRowOptions): string {
  const painter = paint(options.color);
  const waiting = step.status === 'running' && options.waiting?.has(id) === true;
  const state = waiting ? 'waiting' : step.status;
  const mark = waiting ? WAITING_MARK : (STEP_MARKS[step.status] ?? '?');
  const attempt = step.attempts !== undefined && step.attempts > 1 ? `attempt ${step.attempts}` : '';
  const elapsed =
    step.duration_ms ??
    (step.status === 'running' && step.started_at ? Math.max(0, options.now - Date.parse(step.started_at)) : undefined);
  const error = step.error ? `  ${step.error.type}: ${step.error.message.replace(/\s*\n\s*/g, ' ')}` : '';
  const text =
    `${id.padEnd(idWidth)}  ${state.padEnd(9)}  ${attempt.padEnd(10)}  ${elapsed === undefined ? '' : formatDuration(elapsed)}`.trimEnd() +
    reusedNote(step) +
    error;
  const room = options.columns ? options.columns - 5 : Infinity;
  const fitted = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  const paintedMark =
    step.status === 'completed'
      ? painter.green(mark)
      : step.status === 'failed'
        ? painter.red(mark)
        : step.status === 'running' && !waiting
          ? painter.yellow(mark)
          : painter.dim(mark);
  return `  ${paintedMark} ${fitted}`;
}
