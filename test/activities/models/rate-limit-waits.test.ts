// The budget a model attempt spends waiting out 429s before RateLimited counts as an attempt
// (activities/models/rate-limit-waits.ts); the waiting itself runs through a real worker in
// test/reliability/rate-limit-burst.test.ts.
import { describe, expect, it } from 'vitest';
import {
  MAX_RATE_LIMIT_WAITS,
  MAX_RATE_LIMIT_WAIT_MS,
  rateLimitWaitMs,
} from '../../../activities/models/rate-limit-waits.js';
import { ModelError } from '../../../activities/models/types.js';

const HOUR = 3_600_000;
const rateLimited = (retryAfterMs?: number) =>
  new ModelError('RateLimited', 'openai answered 429', retryAfterMs === undefined ? {} : { retryAfterMs });

describe('waiting out 429s within an attempt', () => {
  it('waits what Retry-After says', () => {
    expect(rateLimitWaitMs(rateLimited(2_000), 0, HOUR)).toBe(2_000);
    expect(rateLimitWaitMs(rateLimited(MAX_RATE_LIMIT_WAIT_MS), 3, HOUR)).toBe(MAX_RATE_LIMIT_WAIT_MS);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s without Retry-After', () => {
    expect([0, 1, 2, 5, 9].map((waits) => rateLimitWaitMs(rateLimited(), waits, HOUR))).toEqual([
      1_000, 2_000, 4_000, 30_000, 30_000,
    ]);
  });

  it('leaves the failure to Temporal past its budget', () => {
    expect(rateLimitWaitMs(rateLimited(MAX_RATE_LIMIT_WAIT_MS + 1), 0, HOUR)).toBeUndefined();
    expect(rateLimitWaitMs(rateLimited(1_000), MAX_RATE_LIMIT_WAITS, HOUR)).toBeUndefined();
    // The wait and 5 s for the call must fit in what the step's timeout leaves.
    expect(rateLimitWaitMs(rateLimited(2_000), 0, 7_000)).toBe(2_000);
    expect(rateLimitWaitMs(rateLimited(2_000), 0, 6_999)).toBeUndefined();
  });

  it('waits for nothing but a rate limit', () => {
    expect(
      rateLimitWaitMs(new ModelError('ProviderUnavailable', '503', { retryAfterMs: 1_000 }), 0, HOUR),
    ).toBeUndefined();
    expect(rateLimitWaitMs(new Error('socket hang up'), 0, HOUR)).toBeUndefined();
  });
});
