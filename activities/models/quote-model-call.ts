// The worst case of one model call, for the budget's reservation (spec §8.6): the workflow
// reserves it before the call so parallel calls cannot overshoot together, and charges what the
// provider reports after. Input tokens are estimated from the request's size at 3 characters
// per token (real text runs nearer 4, so this errs high); output tokens are the call's
// max_tokens, or DEFAULT_OUTPUT_TOKENS when the step sets none.
import type { ModelQuote, ModelQuoteInput } from '../../workflows/activity-interfaces.js';
import { costOf, findModel, type ModelRegistry } from './registry/index.js';

export const DEFAULT_OUTPUT_TOKENS = 4_096;
const CHARACTERS_PER_TOKEN = 3;

export function createQuoteModelCall(registry: ModelRegistry) {
  return async function quoteModelCall(input: ModelQuoteInput): Promise<ModelQuote> {
    return quote(registry, input);
  };
}

export function quote(registry: ModelRegistry, input: ModelQuoteInput): ModelQuote {
  const { parameters } = input;
  const sent = JSON.stringify([
    parameters.system,
    parameters.prompt,
    parameters.messages,
    parameters.text,
    parameters.schema,
    parameters.tools,
  ]);
  const inputTokens = Math.ceil(sent.length / CHARACTERS_PER_TOKEN);
  const maxTokens = parameters.max_tokens;
  const outputTokens =
    typeof maxTokens === 'number' && Number.isFinite(maxTokens) && maxTokens > 0
      ? Math.ceil(maxTokens)
      : DEFAULT_OUTPUT_TOKENS;
  const found = findModel(registry, input.model);
  const cost = found ? costOf(found.entry, { input_tokens: inputTokens, output_tokens: outputTokens }) : undefined;
  return { input_tokens: inputTokens, output_tokens: outputTokens, ...(cost !== undefined ? { cost_usd: cost } : {}) };
}
