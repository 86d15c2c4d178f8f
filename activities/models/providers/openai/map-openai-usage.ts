import type { CompletionUsage } from 'openai/resources/completions';
import type { ModelUsage } from '../../types.js';

/** `prompt_tokens` already includes the cached ones; undefined stays undefined. */
export function mapOpenAIUsage(usage: CompletionUsage | null | undefined): ModelUsage {
  if (!usage) return {};
  return {
    input_tokens: usage.prompt_tokens ?? undefined,
    output_tokens: usage.completion_tokens ?? undefined,
    cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? undefined,
  };
}
