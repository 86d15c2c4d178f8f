// Chunks of a streamed chat completion → one response. Text and tool-call arguments arrive in
// pieces (a call's pieces share its `index`); usage comes in a last chunk with no choices.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ModelResponse } from '../../types.js';
import { incompleteStream } from '../shared/incomplete-stream.js';
import { parseToolArguments } from '../shared/parse-json.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';

interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

interface StreamState {
  first?: ChatCompletionChunk;
  text: string;
  refusal: string;
  toolCalls: Map<number, PartialToolCall>;
  finishReason?: string;
  usage?: CompletionUsage;
}

export async function collectOpenAIStream(
  provider: string,
  chunks: AsyncIterable<ChatCompletionChunk>,
  onProgress?: (characters: number) => void,
): Promise<ModelResponse> {
  const state: StreamState = { text: '', refusal: '', toolCalls: new Map() };
  for await (const chunk of chunks) {
    const before = progressOf(state);
    addChunk(state, chunk);
    if (onProgress && progressOf(state) > before) onProgress(progressOf(state));
  }
  if (!state.first) throw incompleteStream(provider, 'without a single chat.completion.chunk');
  if (!state.finishReason)
    throw incompleteStream(
      provider,
      `before a finish_reason (after ${state.text.length} characters)`,
      buildRaw(state.first, state),
    );
  return toResponse(provider, state.first, state);
}

function addChunk(state: StreamState, chunk: ChatCompletionChunk): void {
  state.first ??= chunk;
  if (chunk.usage) state.usage = chunk.usage;
  const choice = chunk.choices?.find((candidate) => candidate.index === 0);
  if (!choice) return;
  state.text += choice.delta?.content ?? '';
  state.refusal += choice.delta?.refusal ?? '';
  for (const piece of choice.delta?.tool_calls ?? []) {
    const call = state.toolCalls.get(piece.index) ?? { id: '', name: '', arguments: '' };
    call.id ||= piece.id ?? '';
    call.name ||= piece.function?.name ?? '';
    call.arguments += piece.function?.arguments ?? '';
    state.toolCalls.set(piece.index, call);
  }
  if (choice.finish_reason) state.finishReason = choice.finish_reason;
}

function progressOf(state: StreamState): number {
  let characters = state.text.length;
  for (const call of state.toolCalls.values()) characters += call.arguments.length;
  return characters;
}

function toResponse(provider: string, first: ChatCompletionChunk, state: StreamState): ModelResponse {
  const calls = [...state.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  const toolCalls = calls.map((call, position) => ({
    id: call.id || `call_${position}`,
    name: call.name,
    arguments: parseToolArguments(provider, call.name, call.arguments),
  }));
  const finish = mapOpenAIFinishReason(state.finishReason, toolCalls.length > 0);
  return {
    text: state.text,
    tool_calls: toolCalls,
    // A refusal (structured outputs) is the model declining: report it as filtered content.
    finish_reason: state.refusal && !state.text ? 'content_filter' : finish,
    usage: mapOpenAIUsage(state.usage),
    model: first.model,
    raw: buildRaw(first, state),
  };
}

/** The stream folded back into the shape of a non-streamed `chat.completion`. */
function buildRaw(first: ChatCompletionChunk, state: StreamState): unknown {
  const toolCalls = [...state.toolCalls.values()].map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    ...(first.system_fingerprint ? { system_fingerprint: first.system_fingerprint } : {}),
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: state.text || null,
          refusal: state.refusal || null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: state.finishReason ?? null,
      },
    ],
    usage: state.usage ?? null,
  };
}
