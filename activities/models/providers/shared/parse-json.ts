// JSON produced by a model: structured output (may fail to parse: the action repairs it) and
// tool call arguments (must parse: a call we cannot read is an answer we cannot use).
import type { ModelRequest, ModelResponse } from '../../types.js';
import { ModelError } from '../../types.js';
import { parseJsonOr } from '../../../../workflows/lang/json-text.js';

/** The parsed value, or undefined when the text is not JSON (the caller decides what then). */
export function parseJsonOrUndefined(text: string): unknown {
  return parseJsonOr(text, undefined);
}

export function parseToolArguments(provider: string, toolName: string, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value = parseJsonOrUndefined(text);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ModelError(
    'MalformedResponse',
    `${provider} called tool "${toolName}" with arguments that are not a JSON object: ${text.slice(0, 200)}`,
    { provider },
  );
}

/** Adds `parsed` when the request asked for structured output and the text parses. */
export function withStructuredOutput(request: ModelRequest, response: ModelResponse): ModelResponse {
  if (!request.json_schema) return response;
  const parsed = parseModelJson(response.text);
  return parsed === undefined ? response : { ...response, parsed };
}

/**
 * JSON in a model's answer, or undefined: compatible servers without a native JSON mode (and
 * models asked for JSON in the prompt) often wrap it in a Markdown fence, or write around it.
 */
export function parseModelJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  return parseJsonOrUndefined(fenced.trim());
}
