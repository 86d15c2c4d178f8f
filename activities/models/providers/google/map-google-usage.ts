import type { GenerateContentResponseUsageMetadata } from '@google/genai';
import type { ModelUsage } from '../../types.js';

/**
 * `promptTokenCount` includes cached tokens, as OpenAI's does. Thinking is billed as output but
 * counted apart (`thoughtsTokenCount`), so output is candidates + thoughts, as OpenAI's and
 * Anthropic's output counts already include reasoning.
 */
export function mapGoogleUsage(usage: GenerateContentResponseUsageMetadata | undefined): ModelUsage {
  if (!usage) return {};
  const candidates = usage.candidatesTokenCount;
  const thoughts = usage.thoughtsTokenCount;
  return {
    input_tokens: usage.promptTokenCount,
    output_tokens: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    cached_tokens: usage.cachedContentTokenCount,
  };
}
