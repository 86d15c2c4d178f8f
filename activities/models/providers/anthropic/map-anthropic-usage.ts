import type { ModelUsage } from '../../types.js';

export interface AnthropicUsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Anthropic's `input_tokens` counts only the uncached part of the prompt; OpenAI's and Google's
 * count all of it. We report all of it (uncached + cache reads + cache writes) so input tokens
 * mean the same for every provider, and cache reads as `cached_tokens`.
 */
export function mapAnthropicUsage(usage: AnthropicUsageFields | undefined): ModelUsage {
  if (!usage) return {};
  const input = usage.input_tokens ?? undefined;
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  return {
    input_tokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    output_tokens: usage.output_tokens ?? undefined,
    cached_tokens: cacheRead,
  };
}
