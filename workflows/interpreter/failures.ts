// Temporal failures → the stable {type, message} of the result document.
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure, type RetryPolicy } from '@temporalio/workflow';
import { ERROR_TYPES } from '../activity-interfaces.js';
import type { ErrorInfo } from '../result-document.js';

export interface FailureInfo {
  error: ErrorInfo;
  attempts?: number;
  cancelled: boolean;
}

export function describeFailure(failure: unknown, retry: RetryPolicy): FailureInfo {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  if (cause instanceof CancelledFailure) return { error: { type: ERROR_TYPES.cancelled, message: 'the step was cancelled' }, cancelled: true };
  if (cause instanceof TimeoutFailure) {
    return { error: { type: ERROR_TYPES.timeout, message: `the step timed out (${cause.timeoutType ?? 'timeout'})` }, attempts: retry.maximumAttempts, cancelled: false };
  }
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { attempt?: number | null } | undefined;
    return { error: { type: cause.type ?? 'Error', message: cause.message }, attempts: details?.attempt ?? undefined, cancelled: false };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { error: { type: 'Error', message }, cancelled: false };
}
