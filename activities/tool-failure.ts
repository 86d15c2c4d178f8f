// Tool failures as Temporal failures with stable types. Retryability is decided here, once.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ERROR_TYPE_TABLE, isRetryable, type ErrorType } from '../workflows/activity-interfaces.js';

/**
 * A typed tool failure. For the engine's own types (error-types.ts) retryability comes from the
 * table, and `retryable` is needed only where it depends; a custom tool's own type says it.
 */
export function toolFailure(
  type: ErrorType,
  message: string,
  options?: { retryable?: boolean; cause?: Error },
): ApplicationFailure;
export function toolFailure(
  type: string,
  message: string,
  options: { retryable: boolean; cause?: Error },
): ApplicationFailure;
export function toolFailure(
  type: string,
  message: string,
  options: { retryable?: boolean; cause?: Error } = {},
): ApplicationFailure {
  const known = Object.hasOwn(ERROR_TYPE_TABLE, type);
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: !(known ? isRetryable(type as ErrorType, options.retryable) : options.retryable !== false),
    // The attempt lets the result document say how many attempts a failed step made.
    details: [{ attempt: currentAttempt() }],
    cause: options.cause,
  });
}

/** The activity's attempt; null outside an activity's context (an abort listener, a timer), where asking would throw. */
function currentAttempt(): number | null {
  try {
    return Context.current().info.attempt;
  } catch {
    return null;
  }
}
