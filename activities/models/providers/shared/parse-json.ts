// JSON produced by a model: structured output (may fail to parse: the action repairs it) and
// tool call arguments (must parse: a call we cannot read is an answer we cannot use).
import type { ModelRequest, ModelResponse } from '../../types.js';
import { ModelError } from '../../types.js';

/** The parsed value, or undefined when the text is not JSON (the caller decides what then). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function parseToolArguments(provider: string, toolName: string, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value = parseJsonOrUndefined(text);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ModelError('MalformedResponse', `${provider} called tool "${toolName}" with arguments that are not a JSON object: ${text.slice(0, 200)}`, { provider });
}

/** Adds `parsed` when the request asked for structured output and the text parses. */
export function withStructuredOutput(request: ModelRequest, response: ModelResponse): ModelResponse {
  if (!request.json_schema) return response;
  const parsed = parseJsonOrUndefined(stripCodeFence(response.text));
  return parsed === undefined ? response : { ...response, parsed };
}

/** Compatible servers without a native JSON mode often wrap JSON in a Markdown fence. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}
