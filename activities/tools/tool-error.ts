// Tool failures as Temporal failures with stable types. Retryability is decided here, once.
import { ApplicationFailure } from '@temporalio/activity';
import { Context } from '@temporalio/activity';

export function toolFailure(type: string, message: string, options: { retryable: boolean; cause?: Error }): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: !options.retryable,
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
