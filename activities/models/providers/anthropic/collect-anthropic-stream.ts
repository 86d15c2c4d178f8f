// Events of a streamed message → one response: message_start carries the message and the input
// usage, content blocks arrive as start/delta/stop (tool inputs as pieces of JSON),
// message_delta carries the stop reason and the final usage, message_stop ends it.
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ModelResponse, ModelToolCall } from '../../types.js';
import { incompleteStream } from '../shared/incomplete-stream.js';
import { parseToolArguments } from '../shared/parse-json.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import type { AnthropicUsageFields } from './map-anthropic-usage.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: string }
  | { type: 'other'; block: unknown };

interface StreamState {
  message?: { id: string; model: string; usage?: AnthropicUsageFields } & Record<string, unknown>;
  blocks: Map<number, Block>;
  stopReason?: string | null;
  stopSequence?: string | null;
  usage: AnthropicUsageFields;
  stopped: boolean;
  characters: number;
}

export async function collectAnthropicStream(
  events: AsyncIterable<RawMessageStreamEvent>,
  onProgress?: (characters: number) => void,
): Promise<ModelResponse> {
  const state: StreamState = { blocks: new Map(), usage: {}, stopped: false, characters: 0 };
  for await (const event of events) {
    const before = state.characters;
    addEvent(state, event);
    if (onProgress && state.characters > before) onProgress(state.characters);
  }
  if (!state.message) throw incompleteStream('anthropic', 'without a message_start event');
  if (!state.stopped || state.stopReason === undefined)
    throw incompleteStream(
      'anthropic',
      `before message_delta and message_stop (after ${state.characters} characters)`,
      buildRaw(state),
    );
  return toResponse(state);
}

function addEvent(state: StreamState, event: RawMessageStreamEvent): void {
  // Read loosely: a proxy or an imitation of the API may leave fields out, and that must end in
  // MalformedResponse (below), not in a TypeError.
  const loose = event as unknown as Record<string, unknown> & {
    message?: StreamState['message'];
    delta?: Record<string, unknown>;
  };
  switch (event.type) {
    case 'message_start':
      if (!loose.message) throw incompleteStream('anthropic', 'with a message_start event that carries no message');
      state.message = loose.message;
      state.usage = { ...loose.message.usage };
      return;
    case 'content_block_start':
      state.blocks.set(event.index, startBlock(event.content_block ?? { type: 'missing' }));
      return;
    case 'content_block_delta':
      addDelta(state, event.index, event.delta ?? { type: 'missing' });
      return;
    case 'message_delta':
      state.stopReason = (loose.delta?.stop_reason as string | null | undefined) ?? null;
      state.stopSequence = (loose.delta?.stop_sequence as string | null | undefined) ?? null;
      // message_delta's counts are cumulative; a field it leaves null keeps message_start's.
      for (const [key, value] of Object.entries(event.usage ?? {})) {
        if (typeof value === 'number') (state.usage as Record<string, number>)[key] = value;
      }
      return;
    case 'message_stop':
      state.stopped = true;
      return;
    default:
      return;
  }
}

function startBlock(block: { type: string; text?: string; id?: string; name?: string }): Block {
  if (block.type === 'text') return { type: 'text', text: block.text ?? '' };
  if (block.type === 'tool_use') return { type: 'tool_use', id: block.id ?? '', name: block.name ?? '', input: '' };
  return { type: 'other', block };
}

function addDelta(
  state: StreamState,
  index: number,
  delta: { type: string; text?: string; partial_json?: string },
): void {
  const block = state.blocks.get(index);
  if (block?.type === 'text' && delta.type === 'text_delta') {
    block.text += delta.text ?? '';
    state.characters += delta.text?.length ?? 0;
  } else if (block?.type === 'tool_use' && delta.type === 'input_json_delta') {
    block.input += delta.partial_json ?? '';
    state.characters += delta.partial_json?.length ?? 0;
  }
}

function orderedBlocks(state: StreamState): Block[] {
  return [...state.blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
}

function toResponse(state: StreamState): ModelResponse {
  const blocks = orderedBlocks(state);
  const text = blocks.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const toolCalls: ModelToolCall[] = blocks.flatMap((block) =>
    block.type === 'tool_use'
      ? [{ id: block.id, name: block.name, arguments: parseToolArguments('anthropic', block.name, block.input) }]
      : [],
  );
  return {
    text,
    tool_calls: toolCalls,
    finish_reason: mapAnthropicFinishReason(state.stopReason),
    usage: mapAnthropicUsage(state.usage),
    model: state.message?.model ?? '',
    raw: buildRaw(state),
  };
}

/** The stream folded back into the shape of a non-streamed Message. */
function buildRaw(state: StreamState): unknown {
  const content = orderedBlocks(state).map((block) => {
    if (block.type === 'text') return { type: 'text', text: block.text };
    if (block.type === 'tool_use')
      return {
        type: 'tool_use',
        id: block.id,
        name: block.name,
        input: block.input === '' ? {} : tryParse(block.input),
      };
    return block.block;
  });
  return {
    ...state.message,
    content,
    stop_reason: state.stopReason ?? null,
    stop_sequence: state.stopSequence ?? null,
    usage: state.usage,
  };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
