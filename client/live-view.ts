// The step view of `orc run` and `orc watch`. On a terminal: a block of one line per step,
// redrawn in place at most five times a second (elapsed times move while steps run). Piped or
// with NO_COLOR: one plain line per step change, which logs and tests can read.
import type { StepReport } from '../workflows/result-document.js';
import { paint } from './paint.js';
import { stepLine } from './print-result.js';
import { stepRows } from './step-rows.js';

export interface StepView {
  /** The steps as they stand now (every poll). */
  update(steps: Record<string, StepReport>): void;
  /** A note for people, kept above the block. */
  note(text: string): void;
  /** Draws the last state and stops redrawing; the block stays on screen. */
  finish(): void;
}

export interface Terminal {
  write(chunk: string): void;
  columns?: number;
}

export type StepViewOptions =
  | { live: true; terminal: Terminal; color: boolean; frameMs?: number; now?: () => number }
  | { live: false; note: (line: string) => void; color: boolean };

const FRAME_MS = 200;

export function createStepView(options: StepViewOptions): StepView {
  return options.live ? liveStepView(options) : plainStepView(options.note, options.color);
}

function plainStepView(note: (line: string) => void, color: boolean): StepView {
  const seen = new Map<string, string>();
  return {
    update(steps) {
      for (const [id, step] of Object.entries(steps)) {
        const key = `${step.status}:${step.attempts ?? ''}`;
        if (seen.get(id) !== key && step.status !== 'pending') note(stepLine(id, step, color));
        seen.set(id, key);
      }
    },
    note,
    finish() {},
  };
}

function liveStepView(options: { terminal: Terminal; color: boolean; frameMs?: number; now?: () => number }): StepView {
  const { terminal } = options;
  const now = options.now ?? Date.now;
  let steps: Record<string, StepReport> = {};
  let drawnLines = 0;
  let dirty = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  // Once finished, other output follows the block: moving the cursor up would overwrite it.
  let finished = false;
  // Up to the block's first line and clear everything below it.
  const erase = () => (drawnLines > 0 ? `\u001b[${drawnLines}A\r\u001b[J` : '');
  const draw = () => {
    const lines = stepRows(steps, { color: options.color, now: now(), columns: terminal.columns });
    terminal.write(erase() + lines.map((line) => `${line}\n`).join(''));
    drawnLines = lines.length;
    dirty = false;
  };
  const tick = () => {
    if (dirty || Object.values(steps).some((step) => step.status === 'running')) draw();
  };
  return {
    update(next) {
      if (finished) return;
      steps = next;
      dirty = true;
      timer ??= setInterval(tick, options.frameMs ?? FRAME_MS);
      timer.unref?.();
    },
    note(text) {
      if (finished) {
        terminal.write(`${text}\n`);
        return;
      }
      terminal.write(`${erase()}${text}\n`);
      drawnLines = 0;
      if (Object.keys(steps).length > 0) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      if (timer) clearInterval(timer);
      if (dirty || drawnLines > 0) draw();
    },
  };
}

/** The view a command shows on stderr: live on a terminal, plain lines otherwise. */
export function stepViewOnStderr(
  config: { liveView: boolean; color: boolean },
  note: (line: string) => void,
): StepView {
  if (!config.liveView) return createStepView({ live: false, note, color: config.color });
  const terminal: Terminal = {
    write: (chunk) => void process.stderr.write(chunk),
    get columns() {
      return process.stderr.columns;
    },
  };
  return createStepView({ live: true, terminal, color: config.color });
}

const LONGEST_MESSAGE = 240;

/** One failed attempt of a step, as one line: the full detail is in the worker's log file. */
export function failedAttemptLine(
  attempt: { step: string; attempt: number; type: string; message: string },
  color: boolean,
): string {
  const message = attempt.message.replace(/\s+/g, ' ').trim();
  const shown = message.length > LONGEST_MESSAGE ? `${message.slice(0, LONGEST_MESSAGE - 1)}…` : message;
  return `  ${paint(color).yellow('↻')} ${attempt.step} attempt ${attempt.attempt} failed: ${attempt.type}: ${shown}`;
}
