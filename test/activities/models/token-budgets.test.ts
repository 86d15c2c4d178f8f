// Token budgets (decisions/0017): the adapters read the providers' rate-limit headers through
// their real SDKs against the local servers (OpenAI's and Anthropic's forms, on answers and on
// 429s), and each worker's budget bookkeeping decides when a call may go. The waiting through
// real workers is proven in test/reliability/token-budget.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../../../activities/models/providers/anthropic/index.js';
import { createOpenAIAdapter } from '../../../activities/models/providers/openai/index.js';
import { resetFromDuration } from '../../../activities/models/providers/shared/rate-limit-headers.js';
import { estimateTokens } from '../../../activities/models/token-budget-waits.js';
import { BUDGET_POLL_MS, createTokenBudgets } from '../../../activities/models/token-budgets.js';
import { ModelError, type ModelRequest } from '../../../activities/models/types.js';
import { reply, startAnthropicServer, startOpenAIServer, type FakeProviderServer } from '../../providers/index.js';

// "question 1" is 10 characters: 3 tokens, plus max_tokens.
const REQUEST: ModelRequest = {
  model: 'house-model',
  messages: [{ role: 'user', content: 'question 1' }],
  max_tokens: 40,
};
const CHARGE = 43;

describe('rate-limit headers read at the edge', { timeout: 15_000 }, () => {
  let openai: FakeProviderServer;
  let anthropic: FakeProviderServer;
  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startOpenAIServer(), startAnthropicServer()]);
    for (const server of [openai, anthropic]) {
      server.limitTokens({ tokensPerWindow: 100, windowMs: 60_000 });
      server.respondWith(() => reply({ text: 'an answer' }));
    }
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), anthropic?.close()]);
  });

  it.each([
    [
      'openai',
      () => createOpenAIAdapter({ apiKey: 'sk-test', baseURL: `${openai.url}/v1`, provider: 'metered' }),
      'x-ratelimit-remaining-tokens',
    ],
    [
      'anthropic',
      () => createAnthropicAdapter({ apiKey: 'sk-ant-test', baseURL: anthropic.url }),
      'anthropic-ratelimit-tokens-remaining',
    ],
  ])('%s: what is left and when it resets, on an answer and on a 429', async (_name, adapterOf, rawHeader) => {
    const adapter = adapterOf();
    const before = Date.now();
    const answered = await adapter.generate(REQUEST);
    expect(answered.rate_limits?.tokens).toEqual({
      limit: 100,
      remaining: 100 - CHARGE,
      resetsAtMs: expect.any(Number),
    });
    expect(answered.rate_limits?.tokens?.resetsAtMs).toBeGreaterThan(before + 55_000);
    expect(answered.rate_limits?.raw[rawHeader]).toBe(String(100 - CHARGE));
    expect(answered.rate_limits?.requests?.remaining).toBe(9_999);
    await adapter.generate(REQUEST);
    const refused = await adapter.generate(REQUEST).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModelError);
    expect((refused as ModelError).type).toBe('RateLimited');
    expect((refused as ModelError).details.rate_limits?.tokens?.remaining).toBe(100 - 2 * CHARGE);
  });

  it("reads OpenAI's durations", () => {
    expect(resetFromDuration('6m0s', 0)).toBe(360_000);
    expect(resetFromDuration('1.5s', 0)).toBe(1_500);
    expect(resetFromDuration('20ms', 0)).toBe(20);
    expect(resetFromDuration('1h2m3s', 0)).toBe(3_723_000);
    expect(resetFromDuration('soon', 0)).toBeUndefined();
  });
});

describe("a worker's token budget for one key", () => {
  const window = (remaining: number, resetsAtMs: number) => ({
    tokens: { limit: 1_000, remaining, resetsAtMs },
    raw: {},
  });

  it('sends the first call alone, then spends what the provider says is left, then waits for the reset', () => {
    let now = 0;
    const budgets = createTokenBudgets(() => now);
    const first = budgets.reserve('key-a', 100, undefined);
    expect(first.go).toBe(true);
    expect(budgets.reserve('key-a', 100, undefined)).toMatchObject({ go: false, waitMs: BUDGET_POLL_MS });
    if (first.go) budgets.settle(first.reservation, window(300, 3_000));
    const second = budgets.reserve('key-a', 100, undefined);
    expect(second.go).toBe(true);
    // 300 left, 100 reserved by the call in flight: 100 more do not fit below half the window alone.
    expect(budgets.reserve('key-a', 100, undefined)).toMatchObject({ go: false, waitMs: BUDGET_POLL_MS });
    if (second.go) budgets.settle(second.reservation, window(150, 3_000));
    // 150 left: 200 waits until the window resets (and a little past it).
    const waiting = budgets.reserve('key-a', 200, undefined);
    expect(waiting.go).toBe(false);
    if (!waiting.go) expect(waiting.waitMs).toBeGreaterThanOrEqual(3_000);
    now = 3_100;
    expect(budgets.reserve('key-a', 200, undefined).go).toBe(true);
    // Another key has a budget of its own.
    expect(budgets.reserve('key-b', 200, undefined).go).toBe(true);
  });

  it('sends in parallel while more than half the window is left', () => {
    const budgets = createTokenBudgets(() => 0);
    const first = budgets.reserve('key', 100, undefined);
    if (first.go) budgets.settle(first.reservation, window(900, 3_000));
    // 900 left: four calls of 100 leave 500, half the window; a fifth would leave less.
    expect([1, 2, 3, 4].map(() => budgets.reserve('key', 100, undefined).go)).toEqual([true, true, true, true]);
    expect(budgets.reserve('key', 100, undefined)).toMatchObject({ go: false, waitMs: BUDGET_POLL_MS });
  });

  it('keeps a configured tokens_per_minute below the provider limit free for others', () => {
    const budgets = createTokenBudgets(() => 0);
    const first = budgets.reserve('key', 100, 400);
    if (first.go) budgets.settle(first.reservation, window(900, 3_000));
    // The provider allows 1,000; 400 configured: 300 of its 900 left are ours.
    const next = budgets.reserve('key', 350, 400);
    expect(next.go).toBe(false);
  });

  it('counts its own calls against tokens_per_minute for a provider that sends no headers', () => {
    let now = 0;
    const budgets = createTokenBudgets(() => now);
    const first = budgets.reserve('key', 100, 250);
    if (first.go) budgets.settle(first.reservation, undefined);
    const calls = [1, 2, 3].map(() => budgets.reserve('key', 100, 250));
    expect(calls.map((call) => call.go)).toEqual([true, true, false]);
    const refused = calls[2]!;
    if (!refused.go) expect(refused.waitMs).toBeGreaterThan(59_000);
    for (const call of calls) if (call.go) budgets.settle(call.reservation, undefined);
    now = 61_000;
    expect(budgets.reserve('key', 100, 250).go).toBe(true);
  });
});

describe('the estimate of a call', () => {
  it('is the prompt characters ÷ 4 plus max_tokens (4,096 on Anthropic without one)', () => {
    expect(estimateTokens(REQUEST, 'openai-compatible')).toBe(CHARGE);
    const { max_tokens: _unused, ...open } = REQUEST;
    expect(estimateTokens(open, 'anthropic')).toBe(3 + 4_096);
    expect(estimateTokens(open, 'openai')).toBe(3 + 1_024);
  });
});
