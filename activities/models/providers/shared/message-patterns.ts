// Providers signal "too long" and "refused by the safety system" inside 400s, by code or only by
// wording; these patterns cover the first-party providers, Bedrock and the common OpenAI-compatible servers
// (vLLM, Ollama, LM Studio, gateways), which copy OpenAI's wording loosely.

const CONTEXT_LENGTH = [
  /context[ _-]?length/i, // OpenAI `context_length_exceeded`, vLLM "maximum context length"
  /context[ _-]?window/i,
  /prompt is too long/i, // Anthropic
  /exceed(s|ed)? (the )?context limit/i, // Anthropic "input length and `max_tokens` exceed context limit"
  /input token count .* exceeds/i, // Gemini
  /exceeds the maximum number of tokens/i, // Gemini
  /too many (input )?tokens/i,
  /input is too long/i, // Bedrock "Input is too long for requested model."
];

const CONTENT_FILTERED = [
  /content[ _-]?(policy|filter|management)/i, // OpenAI `content_policy_violation`, Azure `content_filter`
  /safety system/i,
  /content filtering/i, // Anthropic "Output blocked by content filtering policy"
  /prohibited[ _]content/i, // Gemini
  /blocked .*(safety|policy)/i,
];

export function looksLikeContextLength(text: string): boolean {
  return CONTEXT_LENGTH.some((pattern) => pattern.test(text));
}

export function looksLikeContentFiltered(text: string): boolean {
  return CONTENT_FILTERED.some((pattern) => pattern.test(text));
}
