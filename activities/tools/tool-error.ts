// Tool failures as Temporal failures with stable types. Retryability is decided here, once.
import { ApplicationFailure } from '@temporalio/activity';
import { Context } from '@temporalio/activity';

export function toolFailure(type: string, message: string, options: { retryable: boolean; cause?: Error }): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: !options.retryable,
    // The attempt lets the result document say how many attempts a failed step made.
    details: [{ attempt: Context.current().info.attempt }],
    cause: options.cause,
  });
}
