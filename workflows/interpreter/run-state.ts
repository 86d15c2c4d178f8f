// The interpreter's state: plain data per step, so it can be queried, reported and carried
// across continue-as-new unchanged.
import { renderAsInText } from '../lang/expr/index.js';
import type { ErrorInfo, StepReport, StepStatus } from '../result-document.js';

export interface StepState {
  status: StepStatus;
  result?: unknown;
  error?: ErrorInfo;
  handled?: boolean;
  skipped_by?: string;
  attempts?: number;
  started_at_ms?: number;
  duration_ms?: number;
  /** Kind-specific fields of the result document (loops, approvals, models). */
  extra?: Partial<StepReport>;
  /** A loop's progress, so a loop can resume after continue-as-new. */
  loop?: LoopState;
}

export interface LoopState {
  /** Answers of <AUTO> tags in the loop's conditions or list, by pointer (`/while[2]`). */
  auto?: Record<string, unknown>;
  /** Iterations started so far (for_each: the indexes finished). */
  iteration: number;
  done: number[];
  /** Each finished iteration's body states, by iteration index. */
  each: Record<number, ListState>;
  /** The list being iterated (for_each), evaluated once when the loop starts. */
  items?: unknown[];
  max_iterations?: number;
  /** Body step values of the latest iteration in which each ran (while/until scope). */
  latest: Record<string, StepState>;
}

export type ListState = Record<string, StepState>;
/** Kept for the top-level list. */
export type RunState = ListState;

export const FINISHED: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

export function isFinished(state: StepState | undefined): boolean {
  return state !== undefined && FINISHED.has(state.status);
}

/** A step counts as successful when it completed, was skipped, or failed and was handled. */
export function isSuccessful(state: StepState): boolean {
  return (
    state.status === 'completed' || state.status === 'skipped' || (state.status === 'failed' && state.handled === true)
  );
}

export function stepReport(state: StepState): StepReport {
  const report: StepReport = { status: state.status, success: isSuccessful(state) };
  if (state.status === 'completed' || state.status === 'skipped') report.result = state.result ?? null;
  if (state.error) report.error = state.error;
  if (state.handled) report.handled = true;
  if (state.skipped_by) report.skipped_by = state.skipped_by;
  if (state.attempts !== undefined) report.attempts = state.attempts;
  if (state.started_at_ms !== undefined) report.started_at = new Date(state.started_at_ms).toISOString();
  if (state.duration_ms !== undefined) report.duration_ms = state.duration_ms;
  return { ...report, ...state.extra };
}

/**
 * What a template sees of a step: `s.result`, `s.status`, `s.success`, kind fields; a field
 * the step value lacks reads the result's (`read.size` is `read.result.size`, as in py-orc),
 * and `{{ s }}` in text is its result.
 */
export function stepValue(state: StepState): Record<string, unknown> {
  // Every template's scope holds every finished step (scope.ts): computed once per state, not
  // once per template, or a run of N steps would build N² of them. A step's state is replaced,
  // never changed in place, so the state object is the key.
  let value = stepValues.get(state);
  if (value === undefined) stepValues.set(state, (value = computeStepValue(state)));
  return value;
}

const stepValues = new WeakMap<StepState, Record<string, unknown>>();

function computeStepValue(state: StepState): Record<string, unknown> {
  const result = state.result ?? null;
  const resultFields =
    result !== null && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : {};
  return renderAsInText(
    { ...autoParameters(state), ...resultFields, ...stepReport(state), result, error: state.error ?? null },
    result,
  );
}

/** A parameter filled by an <AUTO> answer is readable as `step.name` (py-orc: `strategy.strategy`). */
function autoParameters(state: StepState): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [pointer, answer] of Object.entries(state.extra?.auto ?? {})) {
    const name = /^\/parameters\/([^/]+)$/.exec(pointer)?.[1];
    if (name !== undefined) fields[name] = answer;
  }
  return fields;
}
