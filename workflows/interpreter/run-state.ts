// The interpreter's state: one record per step. Plain data, so it can be queried, reported
// and (later) carried across continue-as-new unchanged.
import type { ErrorInfo, StepReport, StepStatus } from '../result-document.js';

export interface StepState {
  status: StepStatus;
  result?: unknown;
  error?: ErrorInfo;
  attempts?: number;
  started_at_ms?: number;
  duration_ms?: number;
}

export type RunState = Record<string, StepState>;

export const FINISHED: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

export function isFinished(state: StepState | undefined): boolean {
  return state !== undefined && FINISHED.has(state.status);
}

export function stepReport(state: StepState): StepReport {
  const report: StepReport = { status: state.status, success: state.status === 'completed' || state.status === 'skipped' };
  if (state.status === 'completed' || state.status === 'skipped') report.result = state.result ?? null;
  if (state.error) report.error = state.error;
  if (state.attempts !== undefined) report.attempts = state.attempts;
  if (state.started_at_ms !== undefined) report.started_at = new Date(state.started_at_ms).toISOString();
  if (state.duration_ms !== undefined) report.duration_ms = state.duration_ms;
  return report;
}

/** What a template sees of a step: `s.result`, `s.status`, `s.success`, … */
export function stepValue(state: StepState): Record<string, unknown> {
  const report = stepReport(state);
  return { ...report, result: state.result ?? null, error: state.error ?? null };
}
