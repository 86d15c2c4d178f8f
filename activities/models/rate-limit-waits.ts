// A 429 is the provider saying "later", not "this failed": a short burst of them must not use
// up the step's attempts (retry.max_attempts, 3 by default), or 20 parallel model steps fail
// after a few seconds of throttling. So the model activity waits out a 429 itself — for as long
// as Retry-After says, heartbeating, cancellable — and asks again, within a budget of its own.
// Past that budget (a wait longer than a minute, more than MAX_RATE_LIMIT_WAITS, or past the
// attempt's deadline) the RateLimited failure goes to Temporal as before, with Retry-After as its
// next retry delay. The workflow's commands do not change: old histories replay as they were.
import { Context } from '@temporalio/activity';
import { ModelError } from './types.js';

/** 429s one attempt answers by waiting, before the failure counts as an attempt. */
export const MAX_RATE_LIMIT_WAITS = 10;
/** A longer Retry-After is left to Temporal's retry (the worker's slot is freed meanwhile). */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Without Retry-After: 1 s, 2 s, 4 s … up to this. */
const MAX_BACKOFF_MS = 30_000;
/** A wait must leave the attempt this long to make its call before the step's timeout. */
const CALL_MARGIN_MS = 5_000;

export interface RateLimitWaits {
  count: number;
  waitedMs: number;
}

/**
 * Runs `call`, answering its RateLimited failures by waiting and calling again. `attemptEndsAtMs`
 * is when the step's timeout ends this attempt.
 */
export async function waitingOutRateLimits<T>(
  call: () => Promise<T>,
  attemptEndsAtMs: number,
  waits: RateLimitWaits = { count: 0, waitedMs: 0 },
): Promise<T> {
  const context = Context.current();
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const waitMs = rateLimitWaitMs(error, waits.count, attemptEndsAtMs - Date.now());
      if (waitMs === undefined) throw error;
      waits.count++;
      waits.waitedMs += waitMs;
      context.log.info('the provider answered 429; waiting before asking again', {
        waitMs,
        rateLimitWaits: waits.count,
      });
      await context.sleep(waitMs);
    }
  }
}

/** How long to wait before asking again, or undefined when the failure goes to Temporal. */
export function rateLimitWaitMs(error: unknown, waitsSoFar: number, attemptLeftMs: number): number | undefined {
  if (!(error instanceof ModelError) || error.type !== 'RateLimited') return undefined;
  if (waitsSoFar >= MAX_RATE_LIMIT_WAITS) return undefined;
  const waitMs = error.details.retryAfterMs ?? Math.min(1_000 * 2 ** waitsSoFar, MAX_BACKOFF_MS);
  if (waitMs > MAX_RATE_LIMIT_WAIT_MS || waitMs + CALL_MARGIN_MS > attemptLeftMs) return undefined;
  return waitMs;
}
