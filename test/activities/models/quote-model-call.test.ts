// The worst case a budget reserves before a model call: registry prices, max_tokens or the
// default output bound, and an input estimate that errs high.
import { describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../../activities/models/index.js';
import { DEFAULT_OUTPUT_TOKENS, quote } from '../../../activities/models/quote-model-call.js';

const registry = loadModelRegistry();

describe('quoteModelCall', () => {
  it('prices max_tokens of output and the request size of input at the model price', () => {
    const result = quote(registry, {
      model: 'openai:gpt-4o-mini',
      parameters: { prompt: 'x'.repeat(3000), max_tokens: 1000 },
    });
    expect(result.output_tokens).toBe(1000);
    // 3,000 characters at 3 per token, plus the JSON around them: a little over 1,000 tokens.
    expect(result.input_tokens).toBeGreaterThanOrEqual(1000);
    expect(result.input_tokens).toBeLessThan(1020);
    expect(result.cost_usd).toBeCloseTo((result.input_tokens * 0.15 + 1000 * 0.6) / 1_000_000, 10);
  });

  it.each([
    [{ prompt: 'hi' }, DEFAULT_OUTPUT_TOKENS],
    [{ prompt: 'hi', max_tokens: 0 }, DEFAULT_OUTPUT_TOKENS],
    [{ prompt: 'hi', max_tokens: 12.2 }, 13],
  ])('bounds output by max_tokens or the default (%j)', (parameters, expected) => {
    expect(quote(registry, { model: 'openai:gpt-4o-mini', parameters }).output_tokens).toBe(expected);
  });

  it('counts an agent conversation and its tool definitions', () => {
    const small = quote(registry, {
      model: 'anthropic:claude-haiku-4-5',
      parameters: { messages: [{ role: 'user', content: 'hi' }] },
    });
    const large = quote(registry, {
      model: 'anthropic:claude-haiku-4-5',
      parameters: {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', content: 'y'.repeat(900) },
        ],
        tools: [{ name: 'a', description: 'b', parameters: {} }],
      },
    });
    expect(large.input_tokens - small.input_tokens).toBeGreaterThan(300);
  });

  it('has tokens but no cost for a model the registry does not price', () => {
    const result = quote(registry, { model: 'somewhere:unknown', parameters: { prompt: 'hi', max_tokens: 5 } });
    expect(result).toEqual({ input_tokens: expect.any(Number) as number, output_tokens: 5 });
  });
});
