/**
 * Anthropic's API requires `max_tokens`; our request may leave it out. 4096 fits every current
 * model's output limit; a step that needs more says so. Here, not in the Anthropic adapter, so
 * the token budgets can count it without loading the Anthropic SDK.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
