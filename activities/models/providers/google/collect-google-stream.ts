// Chunks of streamGenerateContent → one response. Each chunk carries new parts of the first
// candidate (text pieces; whole function calls), the usage so far, and the last one the finish
// reason. A prompt blocked by safety settings comes back as a chunk with `promptFeedback` and no
// candidate at all.
import { randomUUID } from 'node:crypto';
import type { GenerateContentResponse, Part } from '@google/genai';
import type { ModelResponse, ModelToolCall } from '../../types.js';
import { ModelError } from '../../types.js';
import { incompleteStream } from '../shared/incomplete-stream.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';
import { mapGoogleUsage } from './map-google-usage.js';
import { SYNTHETIC_CALL_ID_PREFIX } from './map-google-request.js';

interface StreamState {
  last?: GenerateContentResponse;
  parts: Part[];
  text: string;
  toolCalls: ModelToolCall[];
  finishReason?: string;
  blockReason?: string;
}

export async function collectGoogleStream(
  chunks: AsyncIterable<GenerateContentResponse>,
  onProgress?: (characters: number) => void,
): Promise<ModelResponse> {
  const state: StreamState = { parts: [], text: '', toolCalls: [] };
  for await (const chunk of chunks) {
    const before = progressOf(state);
    addChunk(state, chunk);
    if (onProgress && progressOf(state) > before) onProgress(progressOf(state));
  }
  if (state.blockReason && state.parts.length === 0) {
    throw new ModelError('ContentFiltered', `google blocked the prompt: ${state.blockReason}`, {
      provider: 'google',
      raw: buildRaw(state),
    });
  }
  if (!state.last) throw incompleteStream('google', 'without a single GenerateContentResponse');
  if (!state.finishReason)
    throw incompleteStream('google', `before a finishReason (after ${state.text.length} characters)`, buildRaw(state));
  return {
    text: state.text,
    tool_calls: state.toolCalls,
    finish_reason: mapGoogleFinishReason(state.finishReason, state.toolCalls.length > 0),
    usage: mapGoogleUsage(state.last.usageMetadata),
    model: state.last.modelVersion ?? '',
    raw: buildRaw(state),
  };
}

function addChunk(state: StreamState, chunk: GenerateContentResponse): void {
  state.last = chunk;
  if (chunk.promptFeedback?.blockReason) state.blockReason = chunk.promptFeedback.blockReason;
  const candidate = chunk.candidates?.[0];
  if (!candidate) return;
  for (const part of candidate.content?.parts ?? []) {
    state.parts.push(part);
    // Thought summaries are not the answer.
    if (typeof part.text === 'string' && !part.thought) state.text += part.text;
    if (part.functionCall) state.toolCalls.push(toToolCall(part));
  }
  if (candidate.finishReason) state.finishReason = candidate.finishReason;
}

function toToolCall(part: Part): ModelToolCall {
  const call = part.functionCall ?? {};
  return {
    // The Gemini API often sends no id; ours lets tool results find their call.
    id: call.id ?? `${SYNTHETIC_CALL_ID_PREFIX}${randomUUID()}`,
    name: call.name ?? '',
    arguments: call.args ?? {},
    ...(part.thoughtSignature ? { thought_signature: part.thoughtSignature } : {}),
  };
}

function progressOf(state: StreamState): number {
  return state.text.length + state.toolCalls.reduce((sum, call) => sum + JSON.stringify(call.arguments).length, 0);
}

/** The last chunk with every part of the stream in its candidate: a non-streamed response. */
function buildRaw(state: StreamState): unknown {
  const { sdkHttpResponse: _headers, ...last } = (state.last ?? {}) as GenerateContentResponse & {
    sdkHttpResponse?: unknown;
  };
  const candidate = last.candidates?.[0];
  if (!candidate) return last;
  return { ...last, candidates: [{ ...candidate, content: { role: 'model', parts: joinTextParts(state.parts) } }] };
}

/** Streamed text comes in many parts; a non-streamed answer has them as one. */
function joinTextParts(parts: Part[]): Part[] {
  const joined: Part[] = [];
  for (const part of parts) {
    const previous = joined.at(-1);
    const bothText =
      typeof previous?.text === 'string' &&
      typeof part.text === 'string' &&
      Object.keys(previous).every((key) => key === 'text' || key === 'thought');
    if (previous && bothText && Boolean(previous.thought) === Boolean(part.thought))
      joined[joined.length - 1] = { ...part, text: `${previous.text}${part.text}` };
    else joined.push(part);
  }
  return joined;
}
