import type { FinishReason } from '../../types.js';

const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

export function mapGoogleFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  // Gemini says STOP for a turn that called functions.
  if (reason === 'STOP') return hasToolCalls ? 'tool_calls' : 'stop';
  // CONTINUATION: the answer stops early and would need another request (automatic
  // continuation is off: Temporal is the only retrier) — cut short, like a token limit.
  if (reason === 'MAX_TOKENS' || reason === 'CONTINUATION') return 'length';
  if (reason !== undefined && FILTERED.has(reason)) return 'content_filter';
  return 'other';
}
