import type { FinishReason } from '../../types.js';

export function mapOpenAIFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  // Some compatible servers (older Ollama) say `stop` for a turn that called tools.
  if (hasToolCalls && (reason === 'stop' || reason === 'tool_calls' || reason === 'function_call')) return 'tool_calls';
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}
