// How a step fails without throwing: Temporal failures → the stable {type, message} of the
// result document, and template errors → a failed step (not retried, before any side effect).
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TimeoutFailure,
  type RetryPolicy,
} from '@temporalio/workflow';
import { ERROR_TYPES } from '../activity-interfaces.js';
import { TemplateError } from '../lang/expr/index.js';
import type { StepIR } from '../lang/ir.js';
import type { ErrorInfo } from '../result-document.js';
import type { StepState } from './run-state.js';

export interface FailureInfo {
  error: ErrorInfo;
  attempts?: number;
  cancelled: boolean;
}

export function describeFailure(failure: unknown, retry: RetryPolicy): FailureInfo {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  if (cause instanceof CancelledFailure)
    return { error: { type: ERROR_TYPES.cancelled, message: 'the step was cancelled' }, cancelled: true };
  if (cause instanceof TimeoutFailure) {
    return {
      error: { type: ERROR_TYPES.timeout, message: `the step timed out (${cause.timeoutType ?? 'timeout'})` },
      attempts: retry.maximumAttempts,
      cancelled: false,
    };
  }
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { attempt?: number | null } | undefined;
    return {
      error: { type: cause.type ?? 'Error', message: cause.message },
      attempts: details?.attempt ?? undefined,
      cancelled: false,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { error: { type: 'Error', message }, cancelled: false };
}

export function templateFailure(step: StepIR, message: string): StepState {
  return {
    status: 'failed',
    attempts: 0,
    error: { type: ERROR_TYPES.templateError, message: `step "${step.id}": ${message}` },
  };
}

/**
 * Runs `render`; a template error becomes the step's failure, its message after `what` (the
 * part of the step that failed: "its condition", "for_each", …). Other errors are bugs: thrown.
 */
export function renderOrFail<T>(step: StepIR, render: () => T, what?: string): { value: T } | { failure: StepState } {
  try {
    return { value: render() };
  } catch (error) {
    if (error instanceof TemplateError)
      return { failure: templateFailure(step, what ? `${what}: ${error.message}` : error.message) };
    throw error;
  }
}
